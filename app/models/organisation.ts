// Shared by the organisation forms (browser) and the server.
import { z } from "zod";
import { QUALITY_KEYS } from "~/reference/qualities";
import { SECTOR_KEYS } from "~/reference/sectors";
import { EARLIEST_DATE, EARLIEST_DATE_MESSAGE, LATEST_DATE, LATEST_DATE_MESSAGE, NO_NUL_MESSAGE } from "./pledge";
import { isStorableText } from "~/utils/storable-text";
import { EmailSchema } from "~/utils/email-address";
import { formatNumber } from "~/utils/numbers";
import { PostcodeSchema } from "./postcode";
import { VISIBLE } from "./moderation";

/** A date PostgreSQL can store and a person could mean. */
const boundedDate = (messages: { required_error: string; invalid_type_error: string }) =>
  z.date(messages).min(EARLIEST_DATE, EARLIEST_DATE_MESSAGE).max(LATEST_DATE, LATEST_DATE_MESSAGE);

export const OrganisationSchema = z.object({
  name: z
    .string({ required_error: "Enter the organisation’s name" })
    .trim()
    .min(2, "Enter the organisation’s name")
    .max(120)
    .refine(isStorableText, NO_NUL_MESSAGE),
  sector: z.enum(SECTOR_KEYS, { errorMap: () => ({ message: "Choose the organisation’s sector" }) }),
  address: z
    .string({ required_error: "Enter the address" })
    .trim()
    .min(5, "Enter the address")
    .max(300)
    .refine(isStorableText, NO_NUL_MESSAGE),
  postcode: PostcodeSchema(),
  website: z
    .string()
    .trim()
    .url("Enter the full web address, starting https://")
    .refine((u) => /^https?:\/\//.test(u), "Enter the full web address, starting https://")
    .optional(),
  contactEmail: EmailSchema("Enter a contact email address"),
  description: z
    .string({ required_error: "Describe the organisation in a sentence or two" })
    .trim()
    .min(20, "Describe the organisation in at least 20 characters")
    .max(600, "Keep the description to 600 characters or fewer")
    .refine(isStorableText, NO_NUL_MESSAGE),
});

export const CommitmentSchema = z
  .object({
    quality: z.enum(QUALITY_KEYS, { errorMap: () => ({ message: "Choose the quality this commitment shows" }) }),
    title: z
      .string({ required_error: "Say what you will do" })
      .trim()
      .min(10, "Say what you will do, in at least 10 characters")
      .max(200)
      .refine(isStorableText, NO_NUL_MESSAGE),
    measure: z
      .string({ required_error: "Say how you will measure it" })
      .trim()
      .min(3, "Say how you will measure it")
      .max(200)
      .refine(isStorableText, NO_NUL_MESSAGE),
    targetKind: z.enum(["number", "yesno"], { errorMap: () => ({ message: "Choose a number or yes/no target" }) }),
    targetValue: z
      .number({ invalid_type_error: "Enter a number" })
      .positive("Enter a target above 0")
      .max(1e9)
      .optional(),
    unit: z.string().trim().max(40).refine(isStorableText, NO_NUL_MESSAGE).optional(),
    targetDate: boundedDate({
      required_error: "Enter the date you aim to meet it by",
      invalid_type_error: "Enter a real date",
    }),
  })
  .superRefine((v, ctx) => {
    if (v.targetKind === "number" && v.targetValue === undefined)
      ctx.addIssue({ code: "custom", path: ["targetValue"], message: "Enter the number you aim for" });
    if (v.targetKind === "number" && !v.unit)
      ctx.addIssue({ code: "custom", path: ["unit"], message: "Enter what the number counts, e.g. meetings or staff" });
  });

export const ProgressSchema = z.object({
  value: z
    .number({ required_error: "Enter where you have got to", invalid_type_error: "Enter a number" })
    .min(0)
    .max(1e9),
  story: z
    .string({ required_error: "Tell the story in a sentence or two" })
    .trim()
    .min(10, "Tell the story in at least 10 characters")
    .max(1000)
    .refine(isStorableText, NO_NUL_MESSAGE),
  reportedOn: boundedDate({ required_error: "Enter the date", invalid_type_error: "Enter a real date" }),
});

/** How far a commitment has got, 0 to 1, from its newest report. */
export function progressFraction(
  commitment: { targetKind: string; targetValue: number | null },
  latest: number | null,
) {
  if (latest === null) return 0;
  if (commitment.targetKind === "yesno") return latest >= 1 ? 1 : 0;
  if (!commitment.targetValue) return 0;
  return Math.max(0, Math.min(1, latest / commitment.targetValue));
}

/**
 * How far a commitment has got, in words, from its newest report: "4 of 12
 * meetings (33%)" for a number target, "Done" or "Not done yet" for a yes/no
 * one. The public profile, the manage page and the monthly digest all say it
 * this way.
 */
export function describeProgress(
  commitment: { targetKind: string; targetValue: number | null; unit: string | null },
  latest: number | null,
) {
  if (latest === null) return "No progress reported yet";
  if (commitment.targetKind === "yesno") return latest >= 1 ? "Done" : "Not done yet";
  const percent = Math.round(progressFraction(commitment, latest) * 100);
  const unit = commitment.unit ? ` ${commitment.unit}` : "";
  return `${formatNumber(latest)} of ${formatNumber(commitment.targetValue ?? 0)}${unit} (${percent}%)`;
}

/**
 * Whether the public sees this organisation: verified by an admin, and its
 * name and description visible (not held by the filter, not hidden by a
 * moderator). Its tally contribution depends on the first alone.
 */
export function isPublicOrganisation(organisation: { status: string; moderation: string }) {
  return organisation.status === "verified" && organisation.moderation === VISIBLE;
}

/**
 * A progress story's words as a page shows them: to the public only while
 * visible; to the organisation's own people (and admins) also while held or
 * hidden, so they know what waits. Null: not shown. Its value counts either way.
 */
export function shownStory(report: { story: string; moderation: string }, members: boolean) {
  return report.moderation === VISIBLE || members ? report.story : null;
}
