import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isHoneypotFilled } from "~/components/forms";
import { RsvpForm } from "~/components/rsvp-form";
import { rateLimitAddress } from "~/load-context";
import { eventPath, formatEventTime } from "~/models/event";
import { RsvpSchema } from "~/models/rsvp-form";
import { createRsvp, getEventForRsvp, type RsvpClosedReason } from "~/models/rsvp.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { enforceRateLimit } from "~/utils/rate-limit.server";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.sent
      ? "Check your email | Salford Social Value City"
      : `Reply to ${data?.event.title ?? "an event"} | Salford Social Value City`,
  },
  metaDescription(
    data?.sent
      ? "We have emailed you a link: press it to confirm your place."
      : `Say you are coming to ${data?.event.title ?? "this event"}: your name and email address, no account needed.`,
  ),
];

const CLOSED_MESSAGES: Record<Exclude<RsvpClosedReason, "not-found">, string> = {
  cancelled: "This event has been cancelled, so it is not taking replies.",
  started: "This event has already started, so it is not taking replies.",
};

/**
 * The RSVP form's own page: where the form lands after a mistake (with the
 * errors, JavaScript or not), and with ?sent=1 the "check your email" answer,
 * which reads the same whoever replied, so it tells nobody who is coming.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await getEventForRsvp(params.id ?? "");
  if (!event) throw new Response("There is no such event", { status: 404 });
  return { event, sent: new URL(request.url).searchParams.get("sent") === "1" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await enforceRateLimit(
    "pledge",
    rateLimitAddress(context),
    "We have had a lot of replies from your connection in the last minute.",
  );
  const eventId = params.id ?? "";
  const formData = await readForm(request);
  const sent = `${eventPath(encodeURIComponent(eventId))}/rsvp?sent=1`;
  // A bot filled the hidden field: look successful, store nothing.
  if (isHoneypotFilled(formData)) return redirect(sent);
  const submission = parseWithZod(formData, { schema: RsvpSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createRsvp(eventId, submission.value);
  if (result.status === "not-found") throw new Response("There is no such event", { status: 404 });
  if (result.status !== "sent") throw new Response(CLOSED_MESSAGES[result.status], { status: 409 });
  return redirect(sent);
}

export default function RsvpPage() {
  const { event, sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const eventLink = (
    <Link to={eventPath(event.id)}>
      Back to the event<span className="visually-hidden">: {event.title}</span>
    </Link>
  );
  if (sent)
    return (
      <>
        <h1>Check your email</h1>
        <p className="lead">
          We have sent you an email about <strong>{event.title}</strong>. Press the link in it to confirm your place.
        </p>
        <p>
          The link works for 7 days. If you have replied before, the email says where you stand. Nothing arrived? Look
          in your spam folder, or reply again for a new link.
        </p>
        <p>{eventLink}</p>
      </>
    );
  return (
    <>
      <h1>Reply to {event.title}</h1>
      <p className="lead">{formatEventTime(event.startsAt, event.endsAt)}</p>
      <p>{event.place}</p>
      {event.closed ? (
        <p className="notice" role="status">
          {CLOSED_MESSAGES[event.closed]}
        </p>
      ) : (
        <RsvpForm eventId={event.id} lastResult={lastResult} />
      )}
      <p>{eventLink}</p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
