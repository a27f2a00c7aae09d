import { createEvent, type EventAttributes } from "ics";
import type { EventEmailEvent } from "./event";

/**
 * An event as an iCalendar (.ics) file, for the "Add to calendar" download and
 * the file attached to the "you're going" and "it has changed" emails.
 *
 * Times are written as UTC instants (20270710T090000Z), not as floating local
 * times: every calendar app turns an instant into its reader's own time, so
 * 10:00 in Salford shows as 10:00 in July (09:00Z) and in January (10:00Z)
 * without a VTIMEZONE block that some apps ignore.
 *
 * The UID is the event's own, so a file sent again after a change updates the
 * entry already in the calendar instead of adding a second one; calendar apps
 * take the update only when its SEQUENCE is higher, hence `calendarSequence`.
 */
export const CALENDAR_UID_DOMAIN = "salfordsocialvalue.org.uk";
const PRODUCT_ID = "-//Salford Social Value Alliance//Events//EN";

export type CalendarEvent = EventEmailEvent & {
  description?: string;
  /** the version of the event: higher for a later change (`calendarSequence`) */
  sequence?: number;
  /** a cancelled event is sent with STATUS:CANCELLED, which calendar apps show as such */
  cancelled?: boolean;
  geo?: { lat: number; lon: number };
};

// Seconds since 2026 fit SEQUENCE's 31 bits until 2094; minutes would let a change made within the
// minute an earlier file was stamped share its SEQUENCE, and be ignored.
const SEQUENCE_EPOCH = Date.UTC(2026, 0, 1);

/**
 * A SEQUENCE from the time a version of the event was made (its last change,
 * or when an email about it was queued): a later version has a higher one.
 */
export function calendarSequence(versionAt: Date) {
  return Math.max(0, Math.floor((versionAt.getTime() - SEQUENCE_EPOCH) / 1000));
}

export function calendarUid(eventId: string) {
  return `${eventId}@${CALENDAR_UID_DOMAIN}`;
}

/** "litter-pick-on-the-crescent.ics": a file name a person recognises in their downloads. */
export function calendarFilename(title: string) {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${slug || "event"}.ics`;
}

/**
 * The .ics text of one event. `stampedAt` is the file's DTSTAMP: pass a fixed
 * time (when the email was queued) where the same file must come out the same
 * every time it is made, as an email resent under its idempotency key must.
 */
export function eventCalendar(event: CalendarEvent, { stampedAt = new Date() }: { stampedAt?: Date } = {}) {
  const attributes: EventAttributes & { timestamp: number } = {
    productId: PRODUCT_ID,
    method: "PUBLISH",
    uid: calendarUid(event.id),
    sequence: event.sequence ?? 0,
    timestamp: stampedAt.getTime(),
    title: event.title,
    start: new Date(event.startsAt).getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: new Date(event.endsAt).getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    location: event.place,
    url: event.url,
    description: event.description ? `${event.description}\n\n${event.url}` : event.url,
    status: event.cancelled ? "CANCELLED" : "CONFIRMED",
    busyStatus: event.cancelled ? "FREE" : "BUSY",
    ...(event.geo ? { geo: event.geo } : {}),
  };
  const { error, value } = createEvent(attributes);
  // Only our own values reach here (checked when the event was saved), so an error is a bug, not bad input.
  if (error || !value) throw error ?? new Error("the calendar file could not be made");
  return value;
}
