import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AccessibilityList, EventTags, eventPlace, eventPlaces } from "~/components/event-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MAP_ATTRIBUTION } from "~/components/map-legend";
import { Markdown } from "~/components/markdown";
import { ReportLink } from "~/components/report-link";
import { RsvpForm } from "~/components/rsvp-form";
import { WardSvgMap } from "~/components/ward-svg-map";
import { eventPath, formatEventTime } from "~/models/event";
import { findPublicEvent } from "~/models/event.server";
import { eventAccess } from "~/models/permissions.server";
import { getUser } from "~/guards/session.server";
import { getWardPaths, projectPoint } from "~/models/ward-shapes.server";
import { formatDate } from "~/utils/dates";
import { appUrl } from "~/utils/env.server";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data)
    return [{ title: "Event not found | Salford Social Value City" }, metaDescription("That event is not here.")];
  const { event } = data;
  const summary = `${event.status === "cancelled" ? "Cancelled: " : ""}${formatEventTime(event.startsAt, event.endsAt)}. ${eventPlace(event)}. Run by ${event.organiser}.`;
  return [
    { title: `${event.title} | Salford Social Value City` },
    metaDescription(summary),
    { property: "og:title", content: event.title },
    { property: "og:description", content: summary },
    { property: "og:url", content: data.shareUrl },
  ];
};

/** Whoever is asking may organise this event (its organisation's owners and editors, admins). */
async function organises(request: Request, eventId: string) {
  const user = await getUser(request);
  return Boolean(user && (await eventAccess(user, eventId)).status === "allowed");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A draft, an unknown id and one no event could have (findPublicEvent checks) are all "not here";
  // so is one held or hidden by the moderators, except to its organisers, who are told why.
  const event = await findPublicEvent(params.id, new Date(), { moderated: true });
  if (!event || (event.moderation !== "visible" && !(await organises(request, event.id))))
    throw new Response("No event has that address", { status: 404 });
  const pinned = event.mode === "place" && event.lat !== null && event.lon !== null;
  return {
    event,
    paths: pinned ? getWardPaths() : null,
    pin: pinned ? projectPoint(event.lon!, event.lat!) : null,
    shareUrl: appUrl(eventPath(event.id)),
  };
}

export default function EventPage() {
  const { event, paths, pin } = useLoaderData<typeof loader>();
  const cancelled = event.status === "cancelled";
  const shown = event.moderation === "visible";
  // Replies close when it starts (the RSVP route refuses them from then on); nobody replies to one the public cannot see.
  const open = !cancelled && !event.started && shown;
  const places = eventPlaces(event);
  return (
    <>
      <p>
        <Link to="/events">All events</Link>
      </p>
      <h1>{event.title}</h1>
      <p className="meta" data-testid="event-when">
        <EventTags event={event} />
        <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, event.endsAt)}</time>
      </p>
      {shown ? null : (
        <p className="notice" data-testid="event-moderation">
          {event.moderation === "held"
            ? "Only its organisers see this page: its title or description waits for a quick check by the Alliance’s moderators (it looked like it contains a link or a word on the Alliance’s list). It is not listed or shown publicly until a moderator approves it."
            : "Only its organisers see this page: the Alliance’s moderators hid this event, so it is not listed or shown publicly."}
        </p>
      )}
      {cancelled ? (
        <div className="notice cancel-banner" data-testid="event-cancelled">
          <h2>This event is cancelled</h2>
          <p>
            The organiser cancelled it{event.cancelledAt ? ` on ${formatDate(event.cancelledAt)}` : ""}. Everyone who
            had replied has been told by email. Questions go to the contact below.
          </p>
        </div>
      ) : null}

      <div className="map-layout">
        <div>
          <h2>Where</h2>
          {event.mode === "online" ? (
            <p data-testid="event-place">
              Online. The link to join is emailed to those with a confirmed place; it is never shown on this page.
            </p>
          ) : (
            <p data-testid="event-place">
              {eventPlace(event)}
              {event.ward ? (
                <>
                  , in <Link to={`/wards/${event.ward.slug}`}>{event.ward.name}</Link>
                </>
              ) : null}
              .
            </p>
          )}
          {places ? (
            <p className="event-count" data-testid="event-count">
              {places}
              {event.ended ? "." : ""}
            </p>
          ) : null}
          {event.ended && !cancelled ? <p>This event has taken place.</p> : null}
          {event.started && !event.ended && !cancelled ? <p>This event is under way: replies have closed.</p> : null}
          {open ? (
            <p>
              <a href={`${eventPath(event.id)}/calendar.ics`} download>
                Add to calendar
              </a>
            </p>
          ) : null}
        </div>
        {paths && pin ? (
          <div>
            <WardSvgMap
              paths={paths}
              highlight={event.ward?.code}
              pin={pin}
              label={`Map of Salford showing ${event.venueName ?? "the venue"}${event.ward ? ` in ${event.ward.name}` : ""}`}
            />
            <p className="attribution">{MAP_ATTRIBUTION}.</p>
          </div>
        ) : null}
      </div>

      {open ? (
        <section aria-labelledby="rsvp-heading">
          <h2 id="rsvp-heading">Say you are coming</h2>
          <p>
            {event.placesLeft === 0
              ? "Every place is taken: reply and you join the waitlist. If a place frees up, the first on it is offered the place by email."
              : "Reply with your name and email address; we email you a link to confirm your place."}
          </p>
          <RsvpForm eventId={event.id} lastResult={null} />
        </section>
      ) : null}

      <h2>About this event</h2>
      <Markdown className="event-body">{event.description}</Markdown>

      <h2>Accessibility</h2>
      <AccessibilityList features={event.accessibility} />
      {event.accessibilityNotes ? <p>{event.accessibilityNotes}</p> : null}
      {!event.accessibility.length && !event.accessibilityNotes ? (
        <p>The organiser has not said more about access: ask the contact below.</p>
      ) : null}

      <h2>Who runs it</h2>
      <dl className="event-facts">
        <div>
          <dt>Organiser</dt>
          <dd>
            {event.organisation ? (
              <Link to={`/organisations/${event.organisation.slug}`}>{event.organisation.name}</Link>
            ) : (
              event.organiser
            )}
          </dd>
        </div>
        {event.campaign ? (
          <div>
            <dt>Campaign</dt>
            <dd>
              <Link to={`/campaigns/${event.campaign.slug}`}>{event.campaign.name}</Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Contact</dt>
          <dd>
            {event.contactName}, <a href={`mailto:${event.contactEmail}`}>{event.contactEmail}</a>
          </dd>
        </div>
        {event.capacity !== null ? (
          <div>
            <dt>Places</dt>
            <dd>{formatNumber(event.capacity)}</dd>
          </div>
        ) : null}
      </dl>
      {shown ? (
        <p>
          <ReportLink kind="event" id={event.id} />
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
