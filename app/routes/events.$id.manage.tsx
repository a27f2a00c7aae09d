import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { StatusButton } from "~/components/status-button";
import { formatEventTime, type EventStatus } from "~/models/event";
import { setEventStatus } from "~/models/event-admin.server";
import { attendeeSearch, listAttendees, markAttendance, type AttendeeRow } from "~/models/event-attendance.server";
import { ATTENDANCE_SEARCH_MAX, EventManageSchema } from "~/models/event-form";
import { requireEventForOrganiser } from "~/guards/event-for-organiser.server";
import { requireUser } from "~/guards/session.server";
import { formatDateTime } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Run ${loaded?.event.title ?? "the event"} | Salford Social Value City` },
  metaDescription("Publish or cancel an event, see who is coming and mark who attended at the door."),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requireEventForOrganiser(request, params.id);
  const q = attendeeSearch(new URL(request.url).searchParams.get("q"));
  return { event, lists: await listAttendees(event.id, q) };
}

const STATUS_OF = { publish: "published", cancel: "cancelled", draft: "draft" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await requireEventForOrganiser(request, params.id);
  const submission = parseWithZod(await readForm(request), { schema: EventManageSchema });
  if (submission.status !== "success")
    return data({ intent: String(submission.payload.intent ?? ""), reply: submission.reply() }, { status: 400 });
  const sent = submission.value;
  const here = `/events/${event.id}/manage`;
  if (sent.intent === "attendance") {
    if (!(await markAttendance(event.id, sent.rsvpId, sent.attended === "yes")))
      throw new Response("That person is not on this event’s lists.", { status: 404 });
    const q = attendeeSearch(sent.q);
    return redirect(`${here}${q ? `?${new URLSearchParams({ q })}` : ""}#rsvp-${sent.rsvpId}`);
  }
  // Who changed it, for the audit log (the guard above has let them in).
  const user = await requireUser(request);
  const changed = await setEventStatus(event.id, sent.intent, new Date(), user);
  if (!changed) throw new Response("No event has that address", { status: 404 });
  if (!changed.ok)
    return data({ intent: sent.intent, reply: submission.reply({ formErrors: [changed.message] }) }, { status: 409 });
  return redirect(`${here}?status=${STATUS_OF[sent.intent]}`);
}

const STATUS_WORDS: Record<EventStatus, string> = {
  draft: "Draft: only its organisers see it",
  published: "Published",
  cancelled: "Cancelled",
};

const CHANGED: Record<string, string> = {
  published: "Published: the event is public now.",
  cancelled: "Cancelled: everyone who was coming or waiting has been emailed.",
  draft: "Back to draft: only its organisers see it now.",
};

/**
 * One person at the door: a plain form that marks them (works without
 * JavaScript); with it, the page changes in place, showing the new state at once.
 */
function AttendanceToggle({ person, q }: { person: AttendeeRow; q: string }) {
  const fetcher = useFetcher();
  const sending = fetcher.formData?.get("attended");
  const attended = sending ? sending === "yes" : person.attended;
  return (
    <fetcher.Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="attendance" />
      <input type="hidden" name="rsvpId" value={person.id} />
      <input type="hidden" name="attended" value={attended ? "no" : "yes"} />
      {q ? <input type="hidden" name="q" value={q} /> : null}
      <button
        type="submit"
        aria-pressed={attended}
        className={attended ? undefined : "secondary"}
        style={{ minWidth: "10rem", minHeight: "3rem", fontSize: "1.15rem" }}
        data-testid="attendance-toggle"
      >
        {attended ? "✓ Attended" : "Not attended"}
        <span className="visually-hidden">: {person.name}</span>
      </button>
    </fetcher.Form>
  );
}

function PersonList({
  people,
  q,
  ordered,
  empty,
}: {
  people: AttendeeRow[];
  q: string;
  ordered?: boolean;
  empty: string;
}) {
  if (people.length === 0) return <p className="meta">{q ? `No one here matches “${q}”.` : empty}</p>;
  const items = people.map((person) => (
    <li key={person.id} id={`rsvp-${person.id}`} className="card" style={{ marginBottom: "0.5rem" }}>
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <div>
          <strong>{person.name}</strong>
          <br />
          <span className="meta">{person.email}</span>
          {person.confirmedAt ? (
            <>
              <br />
              <span className="meta">Confirmed {formatDateTime(person.confirmedAt)}</span>
            </>
          ) : null}
        </div>
        <AttendanceToggle person={person} q={q} />
      </div>
    </li>
  ));
  return ordered ? (
    <ol style={{ paddingLeft: "1.5rem" }}>{items}</ol>
  ) : (
    <ul style={{ listStyle: "none", padding: 0 }}>{items}</ul>
  );
}

export default function ManageEventPage() {
  const { event, lists } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const changed = CHANGED[params.get("status") ?? ""];
  const confirmingCancel = params.get("cancel") === "confirm" && event.status !== "cancelled";
  const told = lists.counts.going + lists.counts.offered + lists.counts.waiting;
  const here = `/events/${event.id}/manage`;
  return (
    <>
      <p>
        {event.organisation ? (
          <Link to={`/organisations/${event.organisation.slug}/manage`}>Manage {event.organisation.name}</Link>
        ) : (
          <Link to="/admin">Alliance admin</Link>
        )}
      </p>
      <h1>{event.title}</h1>
      <p className="lead">
        {formatEventTime(event.startsAt, event.endsAt)}. {event.place}. Run by {event.organiser}.
      </p>
      {params.get("created") === "1" ? (
        <p className="notice" role="status">
          Saved as a draft. Publish it when it is ready.
        </p>
      ) : null}
      {params.get("saved") === "1" ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {changed ? (
        <p className="notice" role="status">
          {changed}
        </p>
      ) : null}
      {event.moderation === "held" ? (
        <p className="notice" data-testid="event-moderation">
          It will appear after a quick check by the Alliance’s moderators: its title or description looked like it
          contains a link or a word on the Alliance’s list. Until a moderator approves it, the event is not listed or
          shown publicly, even when published.
        </p>
      ) : event.moderation === "hidden" ? (
        <p className="notice" data-testid="event-moderation">
          The Alliance’s moderators hid this event: it is not listed or shown publicly.
        </p>
      ) : null}

      <h2>Status</h2>
      <p>
        <strong data-testid="event-status">{STATUS_WORDS[event.status]}</strong>
        {event.status === "draft" ? null : (
          <>
            {" "}
            <Link to={`/events/${event.id}`}>
              Its public page<span className="visually-hidden">: {event.title}</span>
            </Link>
          </>
        )}
      </p>
      {/* The status buttons send only their intent: their errors say why the change cannot be made now. */}
      <FormAlert reply={result?.intent === "attendance" ? undefined : result?.reply} />
      {confirmingCancel ? (
        <div className="card" role="region" aria-labelledby="cancel-heading">
          <h3 id="cancel-heading">Cancel {event.title}?</h3>
          <p>
            {event.status === "published"
              ? `Everyone going, offered a place or waiting (${told} ${told === 1 ? "person" : "people"}) is emailed that it is cancelled. `
              : null}
            It cannot be undone.
          </p>
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit">Yes, cancel the event</button>
            </Form>
            <Link to={here}>No, keep it</Link>
          </div>
        </div>
      ) : (
        <div className="actions">
          {event.status === "cancelled" ? null : (
            <Link to={`/events/${event.id}/edit`} className="button secondary">
              Edit the details
            </Link>
          )}
          {event.status === "draft" ? <StatusButton intent="publish" label="Publish" /> : null}
          {event.status === "published" && lists.replies === 0 ? (
            <StatusButton intent="draft" label="Back to draft" secondary />
          ) : null}
          {event.status === "cancelled" ? null : (
            <Link to={`${here}?cancel=confirm`} className="button secondary">
              Cancel the event…
            </Link>
          )}
        </div>
      )}

      {event.status === "published" ? (
        <>
          <h2>At the stall</h2>
          <ul>
            <li>
              <Link to={`/events/${event.id}/kiosk`}>Open the kiosk</Link>: take pledges one person after another on a
              tablet, from two hours before the start to the end of the day.
            </li>
            <li>
              <Link to={`/events/${event.id}/cards`}>Print QR pledge cards</Link>: eight to an A4 page, each opening the
              pledge form for this event.
            </li>
          </ul>
        </>
      ) : null}

      <h2>Who is coming</h2>
      <p data-testid="event-counts">
        {lists.counts.going} going{event.capacity === null ? "" : ` of ${event.capacity} places`},{" "}
        {lists.counts.offered} offered a place, {lists.counts.waiting} waiting, {lists.counts.cancelled} cancelled,{" "}
        {lists.counts.pending} not yet confirmed.{" "}
        <strong data-testid="attended-count">{lists.attended} attended</strong>.
      </p>
      <p>
        <a href={`/events/${event.id}/attendees.csv`} download>
          Download the list (CSV)
        </a>
      </p>
      <Form method="get" role="search" className="filters">
        <div className="form-group">
          <label htmlFor="attendee-search">Find a person by name</label>
          <input
            type="search"
            id="attendee-search"
            name="q"
            defaultValue={lists.q}
            maxLength={ATTENDANCE_SEARCH_MAX}
            autoComplete="off"
          />
        </div>
        <button type="submit">Search</button>
        {lists.q ? <Link to={here}>Show everyone</Link> : null}
      </Form>
      <h3>Going ({lists.going.length})</h3>
      <PersonList people={lists.going} q={lists.q} empty="No one yet." />
      <h3>Offered a place ({lists.offered.length})</h3>
      <PersonList people={lists.offered} q={lists.q} ordered empty="No one is holding an offer." />
      <h3>Waiting, in order ({lists.waiting.length})</h3>
      <PersonList people={lists.waiting} q={lists.q} ordered empty="No one is waiting." />
      <h3>Cancelled ({lists.cancelled.length})</h3>
      <PersonList people={lists.cancelled} q={lists.q} empty="No one has cancelled." />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
