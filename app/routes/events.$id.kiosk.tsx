import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Link,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useParams,
  useRouteError,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isHoneypotFilled } from "~/components/forms";
import { QUICK_CHECK } from "~/components/pledge-card";
import { PledgeForm } from "~/components/pledge-form";
import { requireEventOrganiser } from "~/guards/event-organiser.server";
import { EVENT_TIME_ZONE, eventPath, formatEventTime } from "~/models/event";
import { findEventForPledge, kioskState } from "~/models/kiosk.server";
import { campaignOfEvent, parsePledgeForm, signPledge, toFormCampaign } from "~/models/pledge-submission.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { enforceRateLimit, rateLimitHeaders } from "~/utils/rate-limit.server";
import type { KioskHandle } from "~/root";

/*
 * A stall's tablet: the pledge form for one person after another, opened by a
 * signed-in organiser of the event. Nothing one person typed reaches the
 * next: the form and its fields ask the browser to remember nothing, a pledge
 * made redirects (303) to a fresh, empty form whose address says only
 * "thanks", no answer is stored by the browser or any cache (no-store, so the
 * back button fetches the empty form again), and nothing goes in the session.
 */

/** No answer of the kiosk is kept by a browser or a cache: the back button asks again, for an empty form. */
const NO_STORE = { "Cache-Control": "no-store" };

export const handle: KioskHandle = { kiosk: true };

export const headers: HeadersFunction = (args) => {
  const headers = new Headers(rateLimitHeaders(args));
  headers.set("Cache-Control", "no-store");
  return headers;
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Kiosk: ${data.event.title} | Salford Social Value City` : "Kiosk | Salford Social Value City" },
  metaDescription("Take Social Value City pledges at your event's stall, one person after another, on one device."),
  { name: "robots", content: "noindex" },
];

const kioskTime = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: EVENT_TIME_ZONE,
});

const kioskPath = (id: string) => `${eventPath(id)}/kiosk`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireEventOrganiser(request, params.id);
  const state = kioskState(event);
  const pledgeEvent = state.status === "open" ? await findEventForPledge(event.id) : null;
  const campaign = toFormCampaign(await campaignOfEvent(pledgeEvent));
  return data(
    {
      event: { id: event.id, title: event.title, time: formatEventTime(event.startsAt, event.endsAt) },
      kiosk: {
        status: state.status,
        opensAt: "opensAt" in state ? kioskTime.format(state.opensAt) : null,
        closesAt: "closesAt" in state ? kioskTime.format(state.closesAt) : null,
      },
      campaign,
      thanks: new URL(request.url).searchParams.get("thanks") === "1",
      held: new URL(request.url).searchParams.get("check") === "1",
      // A new form (React remounts it) for every visit: the last person's entries go with the old one.
      formKey: randomUUID(),
    },
    { headers: NO_STORE },
  );
}

// A form sent back with mistakes keeps its form (and what this person typed, to correct it).
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  // Signed out: sent to sign in; signed in but not an organiser of this event: 403.
  const { user, event } = await requireEventOrganiser(request, params.id);
  if (kioskState(event).status !== "open")
    throw new Response("This event's kiosk is not taking pledges now.", { status: 403, headers: NO_STORE });
  // Instead of the per-IP limit (the stall's tablet is one address all day): this event and this organiser's own.
  await enforceRateLimit(
    "kiosk",
    `${event.id}:${user.id}`,
    "This kiosk has taken a lot of pledges in the last minute. Wait a moment, then send the form again.",
  );
  const formData = await readForm(request);
  const thanks = redirect(`${kioskPath(event.id)}?thanks=1`, { status: 303, headers: NO_STORE });
  // A bot filled the hidden field: look successful, store nothing.
  if (isHoneypotFilled(formData)) return thanks;
  // The event's campaign as it is now: it may have ended since the form was shown.
  const campaign = await campaignOfEvent(await findEventForPledge(event.id));
  const submission = parsePledgeForm(formData, campaign);
  if (submission.status !== "success") return data(submission.reply(), { status: 400, headers: NO_STORE });
  const { held } = await signPledge(submission.value, campaign, event.id);
  // The filter held its words: the thanks says they show after a quick check.
  return held ? redirect(`${kioskPath(event.id)}?thanks=1&check=1`, { status: 303, headers: NO_STORE }) : thanks;
}

export default function KioskPage() {
  const { event, kiosk, campaign, thanks, held, formKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();

  if (kiosk.status !== "open")
    return (
      <>
        <h1>Kiosk: {event.title}</h1>
        <p>{event.time}</p>
        <p className="notice" role="status">
          {kiosk.status === "not-yet"
            ? `The kiosk opens at ${kiosk.opensAt}, two hours before the event starts, and takes pledges until the end of its day.`
            : kiosk.status === "over"
              ? `The kiosk closed at the end of the event's day (${kiosk.closesAt}).`
              : kiosk.status === "cancelled"
                ? "This event is cancelled: its kiosk takes no pledges."
                : "The kiosk opens once the event is published, from two hours before it starts."}
        </p>
      </>
    );

  return (
    <div className="kiosk">
      {thanks ? (
        <div className="notice kiosk-thanks" role="status">
          <h2>Thank you for your pledge</h2>
          <p>We have emailed you a link: press it to confirm your pledge. The form is ready for the next person.</p>
          {held ? <p>{QUICK_CHECK}</p> : null}
        </div>
      ) : null}
      <h1>Make your Social Value City pledge</h1>
      <p className="lead">
        At {event.title}
        {campaign ? `, for ${campaign.name}` : ""}. Say what you will do to make a difference in Salford. It takes a
        minute; you do not need an account.
      </p>
      <PledgeForm key={formKey} campaign={campaign} lastResult={lastResult} kiosk action={kioskPath(event.id)} />
    </div>
  );
}

/**
 * The kiosk's own error page: no link out of the kiosk (the shared error page
 * leads to the home page, where the organiser is signed in), only back to the
 * kiosk's empty form.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status !== 429 && status !== 403) return <GeneralErrorBoundary />;
  return (
    <div className="kiosk">
      <h1>{status === 429 ? "Please wait a moment" : "The kiosk is not taking pledges now"}</h1>
      <p>
        {status === 429
          ? "This kiosk has taken a lot of pledges in the last minute. Wait a moment, then fill in the form again."
          : isRouteErrorResponse(error) && typeof error.data === "string" && error.data
            ? error.data
            : "Ask the organiser at the stall."}
      </p>
      {params.id ? (
        <p>
          <Link to={kioskPath(params.id)}>Back to the form</Link>
        </p>
      ) : null}
    </div>
  );
}
