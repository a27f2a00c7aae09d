import { appUrl } from "~/utils/env.server";
import { eventPath } from "./event";
import { calendarFilename, calendarSequence, eventCalendar } from "./event-calendar";
import { findPublicEvent } from "./event.server";

/**
 * A public event's calendar file for /events/:id/calendar.ics: published or
 * cancelled (a cancelled one says so, so a calendar that has it shows it
 * cancelled); null for a draft, no such event or an id no event could have.
 *
 * A download is the event as it stands now, so it is stamped now and its
 * SEQUENCE is now's: never lower than a file emailed about an earlier version.
 */
export async function findEventCalendar(id: string | undefined, now = new Date()) {
  const event = await findPublicEvent(id, now);
  if (!event) return null;
  const place =
    event.mode === "online"
      ? "Online"
      : [event.venueName, event.address, event.postcode].filter((part): part is string => Boolean(part)).join(", ");
  const ics = eventCalendar(
    {
      id: event.id,
      title: event.title,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      place,
      url: appUrl(eventPath(event.id)),
      description: event.description,
      sequence: calendarSequence(now),
      cancelled: event.status === "cancelled",
      ...(event.mode === "place" && event.lat !== null && event.lon !== null
        ? { geo: { lat: event.lat, lon: event.lon } }
        : {}),
    },
    { stampedAt: now },
  );
  return { ics, filename: calendarFilename(event.title) };
}
