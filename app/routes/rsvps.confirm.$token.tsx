import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { eventPath, formatEventTime } from "~/models/event";
import { rsvpPath } from "~/models/rsvp-links.server";
import { confirmRsvp, getRsvpByConfirmToken } from "~/models/rsvp.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Confirm your place");

/**
 * Opening the emailed link only shows the event: mail scanners that follow
 * links must not take a place for anyone. The button's POST does.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const state = await getRsvpByConfirmToken(params.token ?? "");
  // The page explains; the status says it too (a junk or spent link is not found, an expired one gone).
  return data(state, { status: STATUS[state.status] });
}

const STATUS = { pending: 200, expired: 410, closed: 409, invalid: 404 } as const;

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const result = await confirmRsvp(token);
  if (result.status === "going" || result.status === "waiting")
    return redirect(`${rsvpPath(result.manageToken)}?confirmed=1`);
  // Spent, expired or closed meanwhile: the page again, which explains.
  // Encoded: the token is whatever the path held, and a NUL or CR/LF in a Location header is a 500.
  return redirect(`/rsvps/confirm/${encodeURIComponent(token)}`);
}

export default function ConfirmRsvpPage() {
  const state = useLoaderData<typeof loader>();
  if (state.status === "expired")
    return (
      <>
        <h1>This link has expired</h1>
        <p>Links to confirm a place work for 7 days. Reply again on the event’s page for a new one.</p>
        <p>
          <Link to={eventPath(state.eventId)}>Go to the event</Link>
        </p>
      </>
    );
  if (state.status === "closed")
    return (
      <>
        <h1>{state.reason === "cancelled" ? "This event has been cancelled" : "This event has already started"}</h1>
        <p>
          {state.title} is not taking replies now, so this link cannot confirm a place.{" "}
          <Link to="/events">See the other events</Link>.
        </p>
      </>
    );
  if (state.status === "invalid")
    return (
      <>
        <h1>This link has already been used or is not valid</h1>
        <p>
          If you have confirmed your place already, you will have had an email saying where you stand, with a link to
          cancel. If not, reply again on the event’s page for a new link.
        </p>
        <p>
          <Link to="/events">See the events</Link>
        </p>
      </>
    );
  const { event } = state;
  return (
    <>
      <h1>Confirm your place</h1>
      <p className="lead">
        {state.name}, press the button to confirm you are coming to <strong>{event.title}</strong>.
      </p>
      <dl className="card">
        <dt>When</dt>
        <dd>{formatEventTime(event.startsAt, event.endsAt)}</dd>
        <dt>Where</dt>
        <dd>{event.place}</dd>
      </dl>
      <Form method="post">
        <button type="submit">Confirm my place</button>
      </Form>
      <p className="meta">
        If the event is full you join its waitlist, in the order people confirmed, and we email you if a place comes
        free. If you did not reply to this event, close this page: nothing happens unless you press the button.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
