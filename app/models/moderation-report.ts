// Shared by the Report page (browser) and the server.
import { z } from "zod";
import { EmailSchema } from "~/utils/email-address";
import { isStorableText } from "~/utils/storable-text";
import { NO_NUL_MESSAGE } from "./pledge";

/** The reasons most reports give, offered as a choice; "other" asks for the person's own words. */
export const REPORT_REASONS = {
  offensive: "Offensive, hateful or abusive",
  spam: "Spam or advertising",
  personal: "Shares someone's personal details",
  misleading: "False or misleading",
  other: "Something else",
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;
const REASON_KEYS = Object.keys(REPORT_REASONS) as [ReportReason, ...ReportReason[]];

export const REPORT_DETAILS_MAX = 500;

/** A report: a reason (required), more words (required for "Something else"), and an address if they want an answer. */
export const ReportSchema = z
  .object({
    reason: z.enum(REASON_KEYS, { errorMap: () => ({ message: "Choose why you are reporting it" }) }),
    details: z
      .string()
      .trim()
      .max(REPORT_DETAILS_MAX, `Keep it to ${REPORT_DETAILS_MAX} characters or fewer`)
      .refine(isStorableText, NO_NUL_MESSAGE)
      .optional(),
    contactEmail: EmailSchema().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.reason === "other" && !value.details)
      ctx.addIssue({ code: "custom", path: ["details"], message: "Say what is wrong with it" });
  });

/** How a report's reason is stored and shown to moderators: the choice, then the person's words. */
export function reportReasonText(report: { reason: ReportReason; details?: string }) {
  return report.details ? `${REPORT_REASONS[report.reason]}: ${report.details}` : REPORT_REASONS[report.reason];
}
