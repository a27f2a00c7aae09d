// Announcements, the Alliance's news emails: their statuses and the admin's forms, shared by the browser and the server.
import { z } from "zod";
import { QUALITY_KEYS } from "~/reference/qualities";
import { isStorableText } from "~/utils/storable-text";
import { londonLocalToInstant } from "./event";
import { NO_NUL_MESSAGE } from "./pledge";

/**
 * draft and cancelled can be edited and sent; scheduled waits for its time
 * (and can be cancelled); sending is being queued by the worker; sent is done.
 */
export const ANNOUNCEMENT_STATUSES = ["draft", "scheduled", "sending", "sent", "cancelled"] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];
export const STATUS_WORDS: Record<AnnouncementStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  sent: "Sent",
  cancelled: "Cancelled",
};
export const EDITABLE_STATUSES: readonly AnnouncementStatus[] = ["draft", "cancelled"];

export const ANNOUNCEMENT_SUBJECT_MAX = 150;
/**
 * Every recipient's message carries the body in its props until it is sent
 * (the renderer has no database), so a 20,000-person send of a 10,000-character
 * body holds about 200 MB for a few minutes: the cap keeps that bounded.
 */
export const ANNOUNCEMENT_BODY_MAX = 10_000;
/** How far ahead a send may be scheduled. */
export const SCHEDULE_MAX_DAYS = 366;

export const WARD_CHOICE_MESSAGE = "Choose a ward from the list, or every ward";
export const QUALITY_CHOICE_MESSAGE = "Choose a quality from the list, or every quality";
export const CAMPAIGN_CHOICE_MESSAGE = "Choose a campaign from the list, or none";
export const SEND_AT_REQUIRED = "Enter when to send it";
export const SEND_AT_PAST = "The time to send it must be in the future";
export const SEND_AT_TOO_FAR = `Choose a time within the next ${SCHEDULE_MAX_DAYS} days`;

/** Who it goes to: each filter narrows the confirmed pledgers who agreed to news (organisation members only come with no filter). */
export type AnnouncementFilters = { wardCode: string | null; quality: string | null; campaignId: string | null };

/** What only the server knows: the choices the filters may take. */
export type AnnouncementChoices = {
  wardCodes: readonly string[];
  campaignIds: readonly string[];
};

const text = (label: { required: string; max: number; tooLong: string }) =>
  z
    .string({ required_error: label.required })
    .trim()
    .min(1, label.required)
    .max(label.max, label.tooLong)
    .refine(isStorableText, NO_NUL_MESSAGE);

function announcementFields(choices: AnnouncementChoices) {
  return {
    subject: text({
      required: "Enter the email’s subject",
      max: ANNOUNCEMENT_SUBJECT_MAX,
      tooLong: `Keep the subject to ${ANNOUNCEMENT_SUBJECT_MAX} characters or fewer`,
    }),
    body: text({
      required: "Write the news",
      max: ANNOUNCEMENT_BODY_MAX,
      tooLong: `Keep the news to ${ANNOUNCEMENT_BODY_MAX.toLocaleString("en-GB")} characters or fewer`,
    }),
    wardCode: z
      .string()
      .max(20, WARD_CHOICE_MESSAGE)
      .refine((code) => choices.wardCodes.includes(code), WARD_CHOICE_MESSAGE)
      .optional(),
    quality: z.enum(QUALITY_KEYS, { errorMap: () => ({ message: QUALITY_CHOICE_MESSAGE }) }).optional(),
    campaignId: z
      .string()
      .max(40, CAMPAIGN_CHOICE_MESSAGE)
      .refine((id) => choices.campaignIds.includes(id), CAMPAIGN_CHOICE_MESSAGE)
      .optional(),
  };
}

/** The new page's form: subject, body and filters. */
export function announcementSchema(choices: AnnouncementChoices) {
  return z.object(announcementFields(choices));
}
export type AnnouncementInput = z.output<ReturnType<typeof announcementSchema>>;

/** A datetime-local value read as a clock in Salford: an instant, or an issue. */
const londonTime = z
  .string()
  .trim()
  .max(40, "Enter a real date and time, like 06/03/2027 10:00")
  .transform((value, ctx) => {
    const instant = londonLocalToInstant(value);
    if (!instant) {
      ctx.addIssue({ code: "custom", message: "Enter a real date and time, like 06/03/2027 10:00" });
      return z.NEVER;
    }
    return instant;
  });

/**
 * The edit page's forms, one schema told apart by `intent` (docs/forms.md):
 * save the draft, send a test to me, send (now, or at a time; `confirmed` once
 * the admin has seen the count), cancel a scheduled send. `now` decides what
 * is in the past.
 */
export function announcementEditSchema(choices: AnnouncementChoices, now = new Date()) {
  return z
    .discriminatedUnion("intent", [
      z.object({ intent: z.literal("save"), ...announcementFields(choices) }),
      z.object({ intent: z.literal("test") }),
      z.object({
        intent: z.literal("send"),
        when: z.enum(["now", "later"], { errorMap: () => ({ message: "Choose now or a time" }) }),
        sendAt: londonTime.optional(),
        confirmed: z.literal("yes").optional(),
      }),
      z.object({ intent: z.literal("cancel") }),
    ])
    .superRefine((value, ctx) => {
      if (value.intent !== "send" || value.when !== "later") return;
      // A time that did not parse has its own issue already (and is no Date: Zod runs this anyway).
      if (value.sendAt === undefined) ctx.addIssue({ code: "custom", path: ["sendAt"], message: SEND_AT_REQUIRED });
      else if (!(value.sendAt instanceof Date)) return;
      else if (value.sendAt <= now) ctx.addIssue({ code: "custom", path: ["sendAt"], message: SEND_AT_PAST });
      else if (value.sendAt.getTime() > now.getTime() + SCHEDULE_MAX_DAYS * 86_400_000)
        ctx.addIssue({ code: "custom", path: ["sendAt"], message: SEND_AT_TOO_FAR });
    });
}
export type AnnouncementEdit = z.output<ReturnType<typeof announcementEditSchema>>;

/** The news-consent toggle on an account (organisation members; pledgers choose on their pledge). */
export const NewsConsentSchema = z.object({ newsConsent: z.boolean().optional() });
