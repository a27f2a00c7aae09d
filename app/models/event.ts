import { TZDate } from "@date-fns/tz";

/**
 * Events and RSVPs: the words and rules the pages, the emails and the server
 * share. Times are stored as instants and always read and written in Salford's
 * time (Europe/London), so 10:00 on a March or an October day is 10:00 on the
 * clock at the venue whichever side of the clock change it falls.
 */
export const EVENT_TIME_ZONE = "Europe/London";

/** draft: its organisers and admins only; published: public; cancelled: public, marked cancelled, no RSVPs. */
export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** place: a venue with a Salford postcode (a pin and a ward); online: a joining link for confirmed attendees only. */
export const EVENT_MODES = ["place", "online"] as const;
export type EventMode = (typeof EVENT_MODES)[number];

/**
 * pending: waiting for the emailed link to be pressed; going: has a place; offered: a freed place is held for
 * them until the offer expires; waiting: on the waitlist; cancelled: not coming (or the offer passed them by).
 */
export const RSVP_STATUSES = ["pending", "going", "offered", "waiting", "cancelled"] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

/** The statuses that hold one of an event's places: going, and offered (held until accepted, declined or expired). */
export const TAKES_A_PLACE: RsvpStatus[] = ["going", "offered"];

export const ACCESSIBILITY_FEATURES = [
  { key: "stepFree", label: "Step-free access" },
  { key: "hearingLoop", label: "Hearing loop" },
  { key: "quietSpace", label: "Quiet space" },
] as const;

export function eventPath(id: string) {
  return `/events/${id}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2027-03-28T10:00" as read on a clock in Salford, as an instant. Null for
 * anything else (the form's schema says why). A time the spring clock change
 * skips (01:30 on the last Sunday of March) is read as the hour after it.
 */
export function londonLocalToInstant(local: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const instant = new TZDate(year, month - 1, day, hour, minute, EVENT_TIME_ZONE);
  // 31 February rolls over to March in Date arithmetic; that is a mistake, not a date.
  if (instant.getMonth() !== month - 1) return null;
  return new Date(instant.getTime());
}

/** An instant as the value of an `<input type="datetime-local">` in Salford's time: "2027-03-28T10:00". */
export function instantToLondonLocal(instant: Date | string) {
  const local = new TZDate(new Date(instant).getTime(), EVENT_TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: EVENT_TIME_ZONE,
});
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: EVENT_TIME_ZONE,
});

/** "Saturday 6 March 2027, 10:00 to 13:00" (or with the end's day when it ends on another day), in Salford's time. */
export function formatEventTime(startsAt: Date | string, endsAt: Date | string) {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const startDay = dayFormat.format(start);
  const endDay = dayFormat.format(end);
  if (startDay === endDay) return `${startDay}, ${timeFormat.format(start)} to ${timeFormat.format(end)}`;
  return `${startDay}, ${timeFormat.format(start)} to ${endDay}, ${timeFormat.format(end)}`;
}

const offerEndFormat = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  weekday: "long",
  day: "numeric",
  month: "long",
  timeZone: EVENT_TIME_ZONE,
});

/** When a held place stops being held: "14:30 on Thursday 8 July", in Salford's time (the offer and change emails). */
export function formatOfferEnd(expiresAt: Date | string) {
  const parts = Object.fromEntries(offerEndFormat.formatToParts(new Date(expiresAt)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute} on ${parts.weekday} ${parts.day} ${parts.month}`;
}

/** How many places are left (null: no limit); never below 0. */
export function placesLeft(capacity: number | null, taken: number) {
  return capacity === null ? null : Math.max(0, capacity - taken);
}

/** What every event email carries of its event (times as ISO instants; the templates show them in Salford's time). */
export type EventEmailEvent = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** "Venue, address, postcode", or "Online" */
  place: string;
  /** the event's public page, absolute */
  url: string;
};

/** The props of each event email template, by template name (the templates live in emails/). */
export type EventEmailProps = {
  /** transactional: the link that confirms an RSVP (a page with a button) */
  "rsvp-confirm": { name: string; event: EventEmailEvent; confirmUrl: string };
  /** transactional, with the event's .ics attached: you have a place */
  "rsvp-going": { name: string; event: EventEmailEvent; cancelUrl: string; onlineUrl: string | null };
  /** transactional: the event is full, you are number `position` on the waitlist */
  "rsvp-waiting": { name: string; event: EventEmailEvent; position: number; cancelUrl: string };
  /** transactional: a place is held for you until `expiresAt` (ISO) */
  "rsvp-offer": { name: string; event: EventEmailEvent; acceptUrl: string; declineUrl: string; expiresAt: string };
  /** transactional: the day before, "Still coming" / "Can't come now" */
  "event-reminder": {
    name: string;
    event: EventEmailEvent;
    stillComingUrl: string;
    cantComeUrl: string;
    onlineUrl: string | null;
  };
  /**
   * transactional, with the new .ics attached for those going: the time or the place changed (`changes`: sentences),
   * and where the reader stands: going (with the joining link of an online event), offered a place (the accept link
   * and when the offer ends, ISO) or waiting
   */
  "event-changed": {
    name: string;
    event: EventEmailEvent;
    changes: string[];
    status: "going" | "offered" | "waiting";
    cancelUrl: string;
    /** going to an online event only */
    onlineUrl: string | null;
    /** offered only */
    acceptUrl: string | null;
    /** offered only */
    expiresAt: string | null;
  };
  /** transactional: the organiser cancelled the event */
  "event-cancelled": { name: string; event: EventEmailEvent };
  /** category "events" (one-click unsubscribe): thanks for coming, and a pledge link pre-set to its campaign */
  "event-follow-up": { name: string; event: EventEmailEvent; pledgeUrl: string; hasPledge: boolean };
};

const spreadsheetClock = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: EVENT_TIME_ZONE,
});

/** "2027-03-06 10:15" in Salford's time: what a spreadsheet reads as a date and time (the CSV files' times). */
export function spreadsheetTime(instant: Date) {
  const parts = Object.fromEntries(spreadsheetClock.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
