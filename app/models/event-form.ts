// The organiser's event form, shared by the browser and the server: one schema, both sides.
// Whether a postcode is in Salford needs the postcode lookup, which only the server has
// (EventPostcodeSchema in event-admin.server.ts, joined to this one with .and).
import { z } from "zod";
import { EmailSchema } from "~/utils/email-address";
import { isStorableText } from "~/utils/storable-text";
import { EVENT_MODES, londonLocalToInstant } from "./event";
import { NO_NUL_MESSAGE } from "./pledge";
import { POSTCODE_INVALID, POSTCODE_REQUIRED } from "./postcode";

export const EVENT_TITLE_MAX = 120;
export const EVENT_DESCRIPTION_MAX = 5000;
export const EVENT_CAPACITY_MAX = 10_000;
export const EVENT_NOTES_MAX = 1000;
/** The organiser field's value for an event the Alliance itself runs (admins only). */
export const ALLIANCE = "alliance";

export const ORGANISER_MESSAGE = "Choose who runs the event from the list";
export const CAMPAIGN_MESSAGE = "Choose a published campaign from the list, or none";
export const ONLINE_URL_MESSAGE = "Enter the joining link, starting https://";
export const START_PAST_MESSAGE = "The start must not be in the past";

const text = (label: { required: string; max: number; tooLong: string; min?: number; short?: string }) =>
  z
    .string({ required_error: label.required })
    .trim()
    .min(1, label.required)
    .min(label.min ?? 1, label.short ?? label.required)
    .max(label.max, label.tooLong)
    .refine(isStorableText, NO_NUL_MESSAGE);

const optionalText = (max: number, tooLong: string) =>
  z.string().trim().max(max, tooLong).refine(isStorableText, NO_NUL_MESSAGE).optional();

/** A datetime-local field's value, read as the time on a clock in Salford. */
const londonTime = (required: string) =>
  z
    .string({ required_error: required })
    .trim()
    .transform((value, ctx) => {
      const instant = londonLocalToInstant(value);
      if (!instant) {
        ctx.addIssue({ code: "custom", message: "Enter a real date and time, like 06/03/2027 10:00" });
        return z.NEVER;
      }
      const year = instant.getUTCFullYear();
      if (year < 2000 || year > 2099) {
        ctx.addIssue({ code: "custom", message: "Enter a date between 2000 and 2099" });
        return z.NEVER;
      }
      return instant;
    });

/** The fields the new and the edit page share (who runs it is chosen once, on the new page). */
const EventFields = z.object({
  title: text({
    required: "Enter the event’s title",
    min: 3,
    short: "Give the event a title of at least 3 characters",
    max: EVENT_TITLE_MAX,
    tooLong: `Keep the title to ${EVENT_TITLE_MAX} characters or fewer`,
  }),
  description: text({
    required: "Say what the event is and who it is for",
    min: 10,
    short: "Describe the event in at least 10 characters",
    max: EVENT_DESCRIPTION_MAX,
    tooLong: `Keep the description to ${EVENT_DESCRIPTION_MAX.toLocaleString("en-GB")} characters or fewer`,
  }),
  startsAt: londonTime("Enter when the event starts"),
  endsAt: londonTime("Enter when the event ends"),
  mode: z.enum(EVENT_MODES, { errorMap: () => ({ message: "Choose a place or online" }) }),
  venueName: optionalText(120, "Keep the venue’s name to 120 characters or fewer"),
  address: optionalText(300, "Keep the address to 300 characters or fewer"),
  postcode: z.string().trim().max(10, POSTCODE_INVALID).optional(),
  onlineUrl: z.string().trim().max(500, "Keep the link to 500 characters or fewer").optional(),
  capacity: z
    .number({ invalid_type_error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(1, "Enter at least 1, or leave it empty for no limit")
    .max(EVENT_CAPACITY_MAX, `Enter at most ${EVENT_CAPACITY_MAX.toLocaleString("en-GB")}`)
    .optional(),
  campaignId: z.string().uuid(CAMPAIGN_MESSAGE).optional(),
  stepFree: z.boolean().optional(),
  hearingLoop: z.boolean().optional(),
  quietSpace: z.boolean().optional(),
  accessibilityNotes: optionalText(EVENT_NOTES_MAX, `Keep the notes to ${EVENT_NOTES_MAX} characters or fewer`),
  contactName: text({
    required: "Enter the name of the person to contact",
    max: 120,
    tooLong: "Keep the name to 120 characters or fewer",
  }),
  contactEmail: EmailSchema("Enter an email address to contact about the event"),
});

export type EventInput = z.output<typeof EventFields> & { organisation?: string };

/** What only the server knows when it builds the schema, and the page passes to the browser. */
export type EventChoices = {
  /** "alliance" (admins) and the ids of the verified organisations the user may run events for */
  organisers: readonly string[];
  /** published campaigns an event may belong to */
  campaignIds: readonly string[];
};

function isHttpsUrl(value: string) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && Boolean(url.hostname);
  } catch {
    return false;
  }
}

function checkEvent(
  value: Partial<EventInput>,
  ctx: z.RefinementCtx,
  choices: EventChoices,
  rules: { now: Date; creating: boolean },
) {
  if (value.startsAt && value.endsAt && value.endsAt <= value.startsAt)
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start" });
  if (rules.creating && value.startsAt && value.startsAt < rules.now)
    ctx.addIssue({ code: "custom", path: ["startsAt"], message: START_PAST_MESSAGE });
  if (value.mode === "place") {
    if (!value.venueName) ctx.addIssue({ code: "custom", path: ["venueName"], message: "Enter the name of the venue" });
    if (!value.address || value.address.length < 5)
      ctx.addIssue({ code: "custom", path: ["address"], message: "Enter the venue’s address" });
    if (!value.postcode) ctx.addIssue({ code: "custom", path: ["postcode"], message: POSTCODE_REQUIRED });
  }
  if (value.mode === "online" && (!value.onlineUrl || !isHttpsUrl(value.onlineUrl)))
    ctx.addIssue({ code: "custom", path: ["onlineUrl"], message: ONLINE_URL_MESSAGE });
  if (value.campaignId && !choices.campaignIds.includes(value.campaignId))
    ctx.addIssue({ code: "custom", path: ["campaignId"], message: CAMPAIGN_MESSAGE });
  if (rules.creating && !(value.organisation && choices.organisers.includes(value.organisation)))
    ctx.addIssue({ code: "custom", path: ["organisation"], message: ORGANISER_MESSAGE });
}

/** The new-event form: who runs it, and the event. `now` decides what is "in the past". */
export function newEventSchema(choices: EventChoices, now = new Date()) {
  return EventFields.extend({
    organisation: z.string({ required_error: ORGANISER_MESSAGE }).max(40, ORGANISER_MESSAGE),
  }).superRefine((value, ctx) => checkEvent(value, ctx, choices, { now, creating: true }));
}

/**
 * The edit form: the same fields. Its times against now depend on the event as saved (a start
 * under way may be kept), so updateEvent checks them, under the event's lock.
 */
export function editEventSchema(choices: EventChoices) {
  return EventFields.superRefine((value, ctx) => checkEvent(value, ctx, choices, { now: new Date(), creating: false }));
}

export const ATTENDANCE_SEARCH_MAX = 100;

/**
 * The organiser's page: one schema for its forms, the intent in a hidden
 * field. Cancelling needs its confirmation sent with it; the status buttons
 * carry nothing else, and the server decides whether the change makes sense
 * for the event as it now is.
 */
export const EventManageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({
    intent: z.literal("cancel"),
    confirm: z.literal("yes", { errorMap: () => ({ message: "Confirm that you want to cancel the event" }) }),
  }),
  z.object({ intent: z.literal("draft") }),
  z.object({
    intent: z.literal("attendance"),
    rsvpId: z.string().uuid("That person is not on this event’s lists"),
    attended: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether they attended" }) }),
    q: z.string().max(ATTENDANCE_SEARCH_MAX).optional(),
  }),
]);

/** The form's fields as text, for an event being edited (times as datetime-local values in London time). */
export type EventFormValues = {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  mode: string;
  venueName: string;
  address: string;
  postcode: string;
  onlineUrl: string;
  capacity: string;
  campaignId: string;
  stepFree: string;
  hearingLoop: string;
  quietSpace: string;
  accessibilityNotes: string;
  contactName: string;
  contactEmail: string;
};
