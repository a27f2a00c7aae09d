// The admin's campaign form, shared by the browser and the server: one schema, both sides.
import { z } from "zod";
import { QUALITY_KEYS } from "~/reference/qualities";
import { isStorableText } from "~/utils/storable-text";
import { slugify } from "~/utils/slug";
import { CONDITION_SCOPES } from "./campaign";
import {
  CommitmentWordsSchema,
  EARLIEST_DATE,
  EARLIEST_DATE_MESSAGE,
  LATEST_DATE,
  LATEST_DATE_MESSAGE,
  NO_NUL_MESSAGE,
} from "./pledge";

export const CAMPAIGN_NAME_MAX = 120;
export const CAMPAIGN_SLUG_MAX = 80;
export const CAMPAIGN_SUMMARY_MAX = 300;
export const CAMPAIGN_BODY_MAX = 20_000;
export const CAMPAIGN_TARGET_MAX = 1_000_000;
export const CAMPAIGN_SUGGESTIONS_MAX = 10;
export const CAMPAIGN_MILESTONES_MAX = 10;
export const CONDITIONAL_THRESHOLD_MAX = 100_000;

// The same shape as isCampaignSlug (campaign.server.ts): what the public page will look up.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
export const SLUG_MESSAGE = "Use lower-case letters, digits and hyphens, not starting or ending with a hyphen";
export const SLUG_TAKEN_MESSAGE = "Another campaign has this web address: choose another";
export const PARTNER_MESSAGE = "Choose partners from the verified organisations listed";
export const WARD_MESSAGE = "Choose wards from the list";

/** The address a campaign gets from its name when none is given: at most 80 characters. */
export function suggestSlug(name: string) {
  return slugify(name).slice(0, CAMPAIGN_SLUG_MAX).replace(/-+$/, "") || "campaign";
}

const text = (label: { required: string; max: number; tooLong: string; min?: number }) =>
  z
    .string({ required_error: label.required })
    .trim()
    .min(label.min ?? 1, label.required)
    .max(label.max, label.tooLong)
    .refine(isStorableText, NO_NUL_MESSAGE);

const day = (required: string) =>
  z
    .date({ required_error: required, invalid_type_error: "Enter a real date" })
    .min(EARLIEST_DATE, EARLIEST_DATE_MESSAGE)
    .max(LATEST_DATE, LATEST_DATE_MESSAGE);

/** One suggested commitment a line; blank lines are ignored. Each line follows the pledge's own-words rule. */
const SuggestionsSchema = z
  .string()
  .max(CAMPAIGN_SUGGESTIONS_MAX * 300, `Keep to ${CAMPAIGN_SUGGESTIONS_MAX} suggestions of up to 280 characters`)
  .optional()
  .transform((value, ctx) => {
    const lines = (value ?? "")
      .split(/\r?\n|\r/)
      .map((line) => line.replace(/\s+/g, " ").trim())
      .filter(Boolean);
    if (lines.length > CAMPAIGN_SUGGESTIONS_MAX)
      ctx.addIssue({ code: "custom", message: `Give at most ${CAMPAIGN_SUGGESTIONS_MAX} suggested commitments` });
    lines.forEach((line, index) => {
      const result = CommitmentWordsSchema.safeParse(line);
      if (!result.success)
        ctx.addIssue({ code: "custom", message: `Suggestion ${index + 1}: ${result.error.issues[0]!.message}` });
    });
    return lines;
  });

const MILESTONES_MESSAGE = "Give percentages from 1 to 100, separated by commas, such as 25, 50, 75, 100";

/** "25, 50, 75, 100" -> [25, 50, 75, 100]: whole percentages of the target, each once, in order. */
const MilestonesSchema = z
  .string({ required_error: MILESTONES_MESSAGE })
  .max(100, MILESTONES_MESSAGE)
  .transform((value, ctx) => {
    const parts = value
      .split(",")
      .map((part) => part.trim().replace(/%$/, ""))
      .filter(Boolean);
    if (parts.length === 0 || parts.some((part) => !/^\d{1,3}$/.test(part) || +part < 1 || +part > 100)) {
      ctx.addIssue({ code: "custom", message: MILESTONES_MESSAGE });
      return z.NEVER;
    }
    const percents = [...new Set(parts.map(Number))].sort((a, b) => a - b);
    if (percents.length > CAMPAIGN_MILESTONES_MAX) {
      ctx.addIssue({ code: "custom", message: `Give at most ${CAMPAIGN_MILESTONES_MAX} milestones` });
      return z.NEVER;
    }
    return percents;
  });

/** The form's fields, as the campaign stores them (dates at UTC midnight, as a DATE column reads). */
const CampaignFields = z.object({
  name: text({
    required: "Enter the campaign’s name",
    max: CAMPAIGN_NAME_MAX,
    tooLong: "Keep the name to 120 characters or fewer",
    min: 3,
  }),
  slug: z
    .string()
    .trim()
    .max(CAMPAIGN_SLUG_MAX, `Keep the web address to ${CAMPAIGN_SLUG_MAX} characters or fewer`)
    .regex(SLUG, SLUG_MESSAGE)
    .optional(),
  summary: text({
    required: "Sum the campaign up in a sentence",
    max: CAMPAIGN_SUMMARY_MAX,
    tooLong: `Keep the summary to ${CAMPAIGN_SUMMARY_MAX} characters or fewer`,
    min: 10,
  }),
  body: text({
    required: "Say what the campaign is about and why it matters",
    max: CAMPAIGN_BODY_MAX,
    tooLong: `Keep the description to ${CAMPAIGN_BODY_MAX.toLocaleString("en-GB")} characters or fewer`,
    min: 20,
  }),
  startsOn: day("Enter the day the campaign starts"),
  endsOn: day("Enter the day the campaign ends"),
  target: z
    .number({
      required_error: "Enter the number of pledges the campaign aims for",
      invalid_type_error: "Enter a whole number",
    })
    .int("Enter a whole number")
    .min(1, "Enter a target of at least 1")
    .max(CAMPAIGN_TARGET_MAX, `Enter a target of at most ${CAMPAIGN_TARGET_MAX.toLocaleString("en-GB")}`),
  qualities: z
    .array(z.enum(QUALITY_KEYS, { errorMap: () => ({ message: "Choose one of the four qualities" }) }), {
      required_error: "Choose at least one quality",
    })
    .min(1, "Choose at least one quality"),
  wardCodes: z
    .array(z.string().regex(/^E05\d{6}$/, WARD_MESSAGE))
    .max(20, WARD_MESSAGE)
    .optional()
    .transform((codes) => [...new Set(codes ?? [])]),
  suggestions: SuggestionsSchema,
  milestones: MilestonesSchema,
  partners: z
    .array(z.string().uuid(PARTNER_MESSAGE))
    .optional()
    .transform((ids) => [...new Set(ids ?? [])]),
  conditionalThreshold: z
    .number({ invalid_type_error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(2, "Enter at least 2: a condition needs others to join")
    .max(CONDITIONAL_THRESHOLD_MAX, `Enter at most ${CONDITIONAL_THRESHOLD_MAX.toLocaleString("en-GB")}`)
    .optional(),
  conditionalDeadline: z
    .date({ invalid_type_error: "Enter a real date" })
    .min(EARLIEST_DATE, EARLIEST_DATE_MESSAGE)
    .max(LATEST_DATE, LATEST_DATE_MESSAGE)
    .optional(),
  conditionalScope: z
    .enum(CONDITION_SCOPES, { errorMap: () => ({ message: "Choose the whole campaign or each ward" }) })
    .optional(),
});

export type CampaignInput = z.output<typeof CampaignFields>;

/** What only the server knows when it builds the schema, and the page passes to the browser: the choices offered. */
export type CampaignChoices = { wardCodes: readonly string[]; partnerIds: readonly string[] };

const CONDITIONAL_TOGETHER = "Give the number, the deadline and the scope together, or none of them";

/** The rules between fields, and the choices offered (a partner must be one of the verified organisations listed). */
function checkCampaign(value: Partial<CampaignInput>, ctx: z.RefinementCtx, choices: CampaignChoices) {
  if (value.startsOn && value.endsOn && value.endsOn < value.startsOn)
    ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The end date must be on or after the start date" });
  const partners = new Set(choices.partnerIds);
  if (value.partners?.some((id) => !partners.has(id)))
    ctx.addIssue({ code: "custom", path: ["partners"], message: PARTNER_MESSAGE });
  const wards = new Set(choices.wardCodes);
  if (value.wardCodes?.some((code) => !wards.has(code)))
    ctx.addIssue({ code: "custom", path: ["wardCodes"], message: WARD_MESSAGE });
  const conditional = [
    ["conditionalThreshold", value.conditionalThreshold],
    ["conditionalDeadline", value.conditionalDeadline],
    ["conditionalScope", value.conditionalScope],
  ] as const;
  const given = conditional.filter(([, v]) => v !== undefined);
  if (given.length > 0 && given.length < conditional.length)
    for (const [path] of conditional.filter(([, v]) => v === undefined))
      ctx.addIssue({ code: "custom", path: [path], message: CONDITIONAL_TOGETHER });
}

/** The new-campaign form. */
export function campaignSchema(choices: CampaignChoices) {
  return CampaignFields.superRefine((value, ctx) => checkCampaign(value, ctx, choices));
}

export const CAMPAIGN_INTENTS = ["save", "publish", "archive", "draft"] as const;

/**
 * The edit page: one schema for its forms, the intent in a hidden field. The
 * status buttons carry nothing else; the server decides whether the change
 * makes sense for the campaign as it now is.
 */
export function campaignEditSchema(choices: CampaignChoices) {
  return z
    .discriminatedUnion("intent", [
      CampaignFields.extend({ intent: z.literal("save") }),
      z.object({ intent: z.literal("publish") }),
      z.object({ intent: z.literal("archive") }),
      z.object({ intent: z.literal("draft") }),
    ])
    .superRefine((value, ctx) => {
      if (value.intent === "save") checkCampaign(value, ctx, choices);
    });
}

/** The form's fields as text, for a campaign being edited (dates as YYYY-MM-DD). */
export type CampaignFormValues = {
  name: string;
  slug: string;
  summary: string;
  body: string;
  startsOn: string;
  endsOn: string;
  target: string;
  qualities: string[];
  wardCodes: string[];
  suggestions: string;
  milestones: string;
  partners: string[];
  conditionalThreshold: string;
  conditionalDeadline: string;
  conditionalScope: string;
};
