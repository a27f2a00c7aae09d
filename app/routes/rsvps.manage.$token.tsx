import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { eventPath, formatEventTime, formatOfferEnd } from "~/models/event";
import { rsvpPath, type RsvpAction } from "~/models/rsvp-links.server";
import { actOnRsvp, getRsvpForManage, type RsvpManageView } from "~/models/rsvp.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Your place at an event");

const NOT_VALID = "This link has expired or is not valid";

/**
 * The page every link in an RSVP email opens (cancel, accept or decline an
 * offer, still coming, can't come): it shows where the person stands and a
 * button for the link's action. Opening it changes nothing (mail scanners
 * follow links); the button's POST does.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const view = await getRsvpForManage(params.token ?? "");
  if (!view) throw new Response(NOT_VALID, { status: 404 });
  return view;
}

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const result = await actOnRsvp(token);
  if (result.status === "invalid") throw new Response(NOT_VALID, { status: 404 });
  // The token is one of ours (verified), so it needs no encoding in the Location header.
  return redirect(`${rsvpPath(token)}?${result.status}=${result.action}`);
}

const BUTTONS: Record<Exclude<RsvpAction, "view">, { label: string; explain: string }> = {
  cancel: { label: "Cancel my place", explain: "If you cannot come, let the next person on the waitlist have it." },
  accept: { label: "Accept the place", explain: "The place is yours when you press the button." },
  decline: { label: "Decline the place", explain: "It will be offered to the next person on the waitlist." },
  "still-coming": { label: "Yes, I’m still coming", explain: "It helps the organiser know how many to expect." },
  "cant-come": { label: "I can’t come now", explain: "Your place goes to the next person on the waitlist." },
};

const DONE: Record<RsvpAction, string> = {
  view: "",
  cancel: "You have cancelled your place. Thank you for letting us know.",
  accept: "The place is yours. We have emailed you the details.",
  decline: "You have declined the place. Thank you for letting us know.",
  "still-coming": "Thank you: the organiser knows you are still coming.",
  "cant-come": "Thank you for letting us know. Your place will go to someone on the waitlist.",
};

function standing(view: RsvpManageView) {
  if (view.event.cancelled) return "This event has been cancelled.";
  switch (view.status) {
    case "going":
      return view.stillComing ? "You have a place, and you told us you are still coming." : "You have a place.";
    case "waiting":
      return `You are on the waitlist: number ${view.position} in the queue. We will email you if a place comes free.`;
    case "offered":
      return `A place has come free and is held for you until ${formatOfferEnd(view.offerExpiresAt!)}.`;
    default:
      return "You are not coming to this event.";
  }
}

export default function ManageRsvpPage() {
  const view = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const confirmed = searchParams.get("confirmed") === "1";
  const unchanged = searchParams.has("unchanged");
  const button = view.canAct && view.action !== "view" ? BUTTONS[view.action] : null;
  const { event } = view;
  return (
    <>
      <h1>Your place at {event.title}</h1>
      {confirmed ? (
        <p className="notice" role="status">
          Thank you, {view.name}: your reply is confirmed. We have emailed you where you stand.
        </p>
      ) : null}
      {done && done in DONE && done !== "view" ? (
        <p className="notice" role="status">
          {DONE[done as RsvpAction]}
        </p>
      ) : null}
      {unchanged ? (
        <p className="notice" role="status">
          Nothing has changed: that button no longer applies to your reply as it stands.
        </p>
      ) : null}
      <p className="lead">{standing(view)}</p>
      <dl className="card">
        <dt>When</dt>
        <dd>{formatEventTime(event.startsAt, event.endsAt)}</dd>
        <dt>Where</dt>
        <dd>{event.place}</dd>
        {view.onlineUrl ? (
          <>
            <dt>Joining link</dt>
            <dd>
              <a href={view.onlineUrl} rel="noreferrer">
                {view.onlineUrl}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {view.event.started && !view.event.cancelled && view.action !== "view" ? (
        <p data-testid="event-started">
          This event has started, so this link no longer changes your place. If something has come up, tell the
          organiser.
        </p>
      ) : null}
      {button ? (
        <Form method="post">
          <p>{button.explain}</p>
          <button
            type="submit"
            className={view.action === "accept" || view.action === "still-coming" ? "" : "secondary"}
          >
            {button.label}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to={eventPath(event.id)}>
          See the event<span className="visually-hidden">: {event.title}</span>
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
