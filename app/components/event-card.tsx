import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ACCESSIBILITY_FEATURES, eventPath, formatEventTime } from "~/models/event";
import type { EventCard as Event } from "~/models/event.server";
import { formatNumber } from "~/utils/numbers";

/** Drawn, not typed: a symbol from a font may be missing on the reader's machine. */
const ACCESS_ICONS: Record<(typeof ACCESSIBILITY_FEATURES)[number]["key"], ReactNode> = {
  // A wheelchair user.
  stepFree: (
    <>
      <circle cx="12" cy="4.5" r="2" fill="currentColor" />
      <path d="M11 8v5.5h5l2 5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <path d="M9.5 10.5a5.5 5.5 0 1 0 6.5 7" fill="none" stroke="currentColor" strokeWidth="2" />
    </>
  ),
  // The hearing loop sign's T.
  hearingLoop: <path d="M6 6h12M12 6v13" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />,
  // A crescent moon: somewhere quiet.
  quietSpace: <path d="M15 4a8 8 0 1 0 5 12.5A6.5 6.5 0 1 1 15 4z" fill="currentColor" />,
};

/** The access an event offers: an icon for the eye, always with its words. Nothing when it lists none. */
export function AccessibilityList({ features }: { features: Event["accessibility"] }) {
  if (!features.length) return null;
  return (
    <ul className="access-list" aria-label="Accessibility">
      {ACCESSIBILITY_FEATURES.filter((f) => features.includes(f.key)).map((f) => (
        <li key={f.key}>
          <svg className="access-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            {ACCESS_ICONS[f.key]}
          </svg>
          {f.label}
        </li>
      ))}
    </ul>
  );
}

/** Where: "Venue, address, postcode", or "Online". */
export function eventPlace(event: Pick<Event, "mode" | "venueName" | "address" | "postcode">) {
  if (event.mode === "online") return "Online";
  return [event.venueName, event.address, event.postcode].filter(Boolean).join(", ");
}

/** "7 going, 3 places left", "Full: join the waitlist", "12 attended" once it has ended. */
export function eventPlaces(event: Pick<Event, "going" | "placesLeft" | "capacity" | "ended" | "attended" | "status">) {
  if (event.status === "cancelled") return null;
  if (event.ended) return event.attended ? `${formatNumber(event.attended)} attended` : null;
  const going = `${formatNumber(event.going)} going`;
  if (event.placesLeft === null) return `${going}, no limit on places`;
  if (event.placesLeft === 0) return `${going}. Full: join the waitlist`;
  return `${going}, ${formatNumber(event.placesLeft)} ${event.placesLeft === 1 ? "place" : "places"} left`;
}

export function EventTags({ event }: { event: Pick<Event, "isExample" | "status"> }) {
  return (
    <>
      {event.isExample ? <span className="tag example">Example</span> : null}
      {event.status === "cancelled" ? <span className="tag cancelled">Cancelled</span> : null}
    </>
  );
}

/** An event in a list: what, when, where, who runs it, places, access, and a link to its page. */
export function EventCard({ event, headingLevel = 3 }: { event: Event; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const places = eventPlaces(event);
  return (
    <article className={`card event-card${event.status === "cancelled" ? " is-cancelled" : ""}`}>
      <Heading>
        <Link to={eventPath(event.id)}>{event.title}</Link>
      </Heading>
      <p className="meta">
        <EventTags event={event} />
        <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, event.endsAt)}</time>
      </p>
      <p>
        {eventPlace(event)}
        {event.ward ? ` (${event.ward.name})` : ""}. Run by {event.organiser}.
      </p>
      {places ? <p data-testid="event-places">{places}</p> : null}
      <AccessibilityList features={event.accessibility} />
    </article>
  );
}

/** A list of event cards; `empty` when there are none. */
export function EventList({ events, empty, headingLevel }: { events: Event[]; empty: string; headingLevel?: 2 | 3 }) {
  if (!events.length) return <p>{empty}</p>;
  return (
    <ul className="event-list">
      {events.map((event) => (
        <li key={event.id}>
          <EventCard event={event} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}

/**
 * A short "Upcoming events" section for a ward, campaign or organisation page:
 * nothing at all when there are none.
 */
export function UpcomingEvents({ events, more }: { events: Event[]; more: string }) {
  if (!events.length) return null;
  return (
    <section aria-labelledby="upcoming-events">
      <h2 id="upcoming-events">Upcoming events</h2>
      <ul className="event-list compact" data-testid="upcoming-events">
        {events.map((event) => (
          <li key={event.id}>
            <Link to={eventPath(event.id)}>{event.title}</Link> <EventTags event={event} />
            <br />
            <span className="meta">
              <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, event.endsAt)}</time>,{" "}
              {eventPlace(event)}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <Link to={more}>More events</Link>
      </p>
    </section>
  );
}
