import type { EventEmailEvent } from "../../app/models/event";
import { calendarFilename, calendarSequence, eventCalendar } from "../../app/models/event-calendar";

/** A file sent with an email; `content` is base64. */
export type EmailAttachment = { filename: string; content: string; contentType: string };

/**
 * The event's calendar file, as an attachment. Stamped with the time the
 * message was queued (never the time it is sent), so every attempt to send it
 * makes the same file: a retry under its idempotency key must be the same
 * request. Its SEQUENCE is that time too, so a "changed" email's file replaces
 * the one the "you're going" email brought.
 */
export function calendarAttachment(event: EventEmailEvent, queuedAt: Date): EmailAttachment {
  const ics = eventCalendar({ ...event, sequence: calendarSequence(queuedAt) }, { stampedAt: queuedAt });
  return {
    filename: calendarFilename(event.title),
    content: Buffer.from(ics, "utf8").toString("base64"),
    // RFC 5545: a calendar with METHOD travels with the same method in its MIME type.
    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
  };
}
