// Shared by the pledge form (browser) and the server: one schema, both sides.
import { z } from "zod";
import { QUALITY_KEYS, SUGGESTION_BY_ID, type QualityKey } from "~/reference/qualities";
import { EmailSchema } from "~/utils/email-address";
import { isStorableText } from "~/utils/storable-text";
import { PostcodeSchema } from "./postcode";

export const NAME_DISPLAYS = ["full", "initial", "anonymous"] as const;
export type NameDisplay = (typeof NAME_DISPLAYS)[number];
export const OWN_WORDS = "own";
export const COMMITMENT_MIN = 10;
export const COMMITMENT_MAX = 280;

// JavaScript dates run to the year 275760 and PostgreSQL's stop sooner, so an
// unbounded date field let "+275760-09-13" through the schema and into a 500.
export const EARLIEST_DATE = new Date("2000-01-01T00:00:00Z");
export const LATEST_DATE = new Date("2100-12-31T00:00:00Z");
export const EARLIEST_DATE_MESSAGE = "Enter a date from 1 January 2000";
export const LATEST_DATE_MESSAGE = "Enter a date no later than 31 December 2100";

// PostgreSQL refuses NUL in text (22021); the form reader refuses it first, this keeps the schemas honest on their own.
export const NO_NUL_MESSAGE = "Remove the character we cannot accept";

/**
 * The one rule for a pledge's words, wherever they are written: the pledge
 * form, the account page and a check-in that changes the pledge.
 */
export const CommitmentWordsSchema = z
  .string({ required_error: `Write your commitment in at least ${COMMITMENT_MIN} characters` })
  .trim()
  .min(COMMITMENT_MIN, `Write your commitment in at least ${COMMITMENT_MIN} characters`)
  .max(COMMITMENT_MAX, `Keep your commitment to ${COMMITMENT_MAX} characters or fewer`)
  .refine(isStorableText, NO_NUL_MESSAGE);

/** CommitmentWordsSchema for words that are only asked for sometimes (in a superRefine): its errors, at `path`. */
export function checkCommitmentWords(words: string | undefined, ctx: z.RefinementCtx, path: string) {
  const result = CommitmentWordsSchema.safeParse(words ?? "");
  if (!result.success)
    for (const issue of result.error.issues) ctx.addIssue({ code: "custom", path: [path], message: issue.message });
}

const PledgerSchema = z.object({
  name: z
    .string({ required_error: "Enter your name" })
    .trim()
    .min(1, "Enter your name")
    .max(100, "Your name must be 100 characters or fewer")
    .refine(isStorableText, NO_NUL_MESSAGE),
  email: EmailSchema(),
  postcode: PostcodeSchema(),
  qualities: z
    .array(z.enum(QUALITY_KEYS, { errorMap: () => ({ message: "Choose one of the four qualities" }) }), {
      required_error: "Choose at least one quality",
    })
    .min(1, "Choose at least one quality"),
  nameDisplay: z.enum(NAME_DISPLAYS, {
    errorMap: () => ({ message: "Choose how your name is shown" }),
  }),
  nudgeConsent: z.literal("on", {
    errorMap: () => ({
      message: "We need your agreement to send the confirmation email and a few reminders",
    }),
  }),
  newsConsent: z.literal("on").optional(),
  /** email me when the movement (or this campaign) passes a milestone */
  updatesConsent: z.literal("on").optional(),
  /** the campaign the form was pre-set for (its slug); the server decides whether it still applies */
  campaign: z.string().max(200).optional(),
  /** the event the form was pre-set for (its id); the server decides whether it still applies */
  event: z.string().max(100).optional(),
  /** only if enough others will too (a campaign that offers it) */
  conditional: z.literal("on").optional(),
  targetDate: z
    .date({ invalid_type_error: "Enter a real date, or leave it empty" })
    .max(LATEST_DATE, LATEST_DATE_MESSAGE)
    .refine((d) => d.getTime() > Date.now(), "Choose a date in the future, or leave it empty")
    .optional(),
});

/** The pledger wrote the words themselves (the moderation filter reads these; a chosen suggestion is the app's own words). */
export function isOwnWords(value: { suggestion?: string; ownWords?: string }) {
  return value.suggestion === OWN_WORDS || (!value.suggestion && Boolean(value.ownWords));
}

/** A campaign's own suggestions are offered as `campaign-<index>`. */
export const CAMPAIGN_SUGGESTION = "campaign-";

function campaignSuggestion(id: string | undefined, campaignSuggestions: readonly string[]) {
  if (!id?.startsWith(CAMPAIGN_SUGGESTION)) return undefined;
  const index = id.slice(CAMPAIGN_SUGGESTION.length);
  return /^\d{1,3}$/.test(index) ? campaignSuggestions[Number(index)] : undefined;
}

// Checked apart from the rest (and joined with .and) so its errors show
// together with the others: a refinement on one object only runs once every
// field of that object is valid.
const commitmentSchema = (campaignSuggestions: readonly string[]) =>
  z
    .object({
      // Optional: own words typed with no suggestion chosen are the pledger's own words
      // (asking them to also tick "In my own words" refused what they plainly meant).
      suggestion: z.string().optional(),
      ownWords: z.string().trim().optional(),
    })
    .superRefine((value, ctx) => {
      if (isOwnWords(value)) {
        checkCommitmentWords(value.ownWords, ctx, "ownWords");
      } else if (
        !value.suggestion ||
        (!SUGGESTION_BY_ID.has(value.suggestion) && !campaignSuggestion(value.suggestion, campaignSuggestions))
      ) {
        ctx.addIssue({ code: "custom", path: ["suggestion"], message: "Choose a commitment, or write your own" });
      }
    });

export const PledgeSchema = PledgerSchema.and(commitmentSchema([]));

/** The pledge form pre-set for a campaign: its own suggestions are choices too. */
export function campaignPledgeSchema(campaignSuggestions: readonly string[]) {
  return PledgerSchema.and(commitmentSchema(campaignSuggestions));
}

/** What the pledge form shows of the running campaign it is pre-set for. */
export type FormCampaign = {
  slug: string;
  name: string;
  summary: string;
  qualities: QualityKey[];
  suggestions: string[];
  /** only while it takes conditional pledges */
  conditional: { threshold: number; scope: "campaign" | "ward"; deadline: string } | null;
};

/** "Send the confirmation email again": the address pledged with. */
export const ResendSchema = z.object({ email: EmailSchema() });

export type PledgeSubmission = z.infer<typeof PledgeSchema>;

/** The words of the commitment, from a suggestion (the campaign's own too) or the pledger's own. */
export function commitmentText(submission: PledgeSubmission, campaignSuggestions: readonly string[] = []) {
  if (isOwnWords(submission)) return (submission.ownWords ?? "").replace(/\s+/g, " ").trim();
  return (
    campaignSuggestion(submission.suggestion, campaignSuggestions) ?? SUGGESTION_BY_ID.get(submission.suggestion!)!.text
  );
}

/** The first word of a name: how an email greets its pledger. */
export function firstName(name: string) {
  return name.trim().split(/\s+/)[0]!;
}

/** The name as its pledger chose to show it. */
export function displayName(name: string, nameDisplay: string) {
  if (nameDisplay === "full") return name;
  if (nameDisplay === "initial") {
    const [first, ...rest] = name.trim().split(/\s+/);
    const last = rest.at(-1);
    return last ? `${first} ${last[0]!.toUpperCase()}.` : first!;
  }
  return "A Salford resident";
}
