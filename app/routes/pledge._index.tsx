import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { isHoneypotFilled } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PledgeForm } from "~/components/pledge-form";
import { rateLimitAddress } from "~/load-context";
import { findCampaignForPledge } from "~/models/campaign.server";
import { findEventForPledge } from "~/models/kiosk.server";
import {
  campaignOfEvent,
  parsePledgeForm,
  pledgeTargets,
  signPledge,
  toFormCampaign,
} from "~/models/pledge-submission.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.campaign
      ? `Pledge for ${data.campaign.name} | Salford Social Value City`
      : data?.event
        ? `Pledge at ${data.event.title} | Salford Social Value City`
        : "Make a pledge | Salford Social Value City",
  },
  metaDescription(
    data?.campaign
      ? `Make your Social Value City pledge for ${data.campaign.name}: ${data.campaign.summary}`
      : "Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.",
  ),
];

/**
 * `?event=<id>` pre-sets the form for a published event (a QR card handed out
 * there): the pledge is attributed to it, and to its campaign while that runs.
 * `?campaign=<slug>` pre-sets it for a running campaign. Anything else (a
 * draft, a campaign not started or over, a made-up slug or id) is the plain
 * form with a notice: a link that went stale still leads to a pledge.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const eventId = query.get("event");
  const slug = query.get("campaign");
  const found = eventId ? await findEventForPledge(eventId) : null;
  const event = found ? { id: found.id, title: found.title } : null;
  const campaign = toFormCampaign(
    found ? await campaignOfEvent(found) : slug ? await findCampaignForPledge(slug) : null,
  );
  return {
    campaign,
    campaignUnavailable: !found && Boolean(slug) && !campaign,
    // Only for a form asked for an event: otherwise the answer is what it was before events.
    event: event ?? undefined,
    eventUnavailable: eventId ? !found : undefined,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit(
    "pledge",
    rateLimitAddress(context),
    "We have had a lot of pledges from your connection in the last minute.",
  );
  const formData = await readForm(request);
  // A bot filled the hidden field: look successful, store nothing.
  if (isHoneypotFilled(formData)) return redirect("/pledge/sent");

  // The event and campaign as they are now, not as the form showed them: either may have ended in between.
  // A plain pledge (no campaign) asks nothing more than before.
  const { event, campaign } = await pledgeTargets(formData);
  const submission = parsePledgeForm(formData, campaign);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { held } = await signPledge(submission.value, campaign, event?.id ?? null);
  // The filter held its words: the next page says they show after a quick check.
  return redirect(held ? "/pledge/sent?check=1" : "/pledge/sent");
}

export default function PledgePage() {
  const { campaign, campaignUnavailable, event, eventUnavailable } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();

  return (
    <>
      <h1>Make your Social Value City pledge</h1>
      {event ? (
        <p className="notice event-banner" role="status">
          Pledging at {event.title}. <Link to={`/events/${event.id}`}>About the event</Link>
        </p>
      ) : null}
      {eventUnavailable ? (
        <p className="notice" role="status">
          That event is not taking pledges. You can still make your pledge for Salford here.
        </p>
      ) : null}
      {campaign ? (
        <section className="notice campaign-banner" aria-labelledby="campaign-banner-title">
          <h2 id="campaign-banner-title">Pledging for {campaign.name}</h2>
          <p>{campaign.summary}</p>
          <p>
            <Link to={`/campaigns/${campaign.slug}`}>
              About the campaign<span className="visually-hidden">: {campaign.name}</span>
            </Link>
          </p>
        </section>
      ) : null}
      {campaignUnavailable ? (
        <p className="notice" role="status">
          That campaign is not taking pledges now. You can still make your pledge for Salford here.
        </p>
      ) : null}
      <p className="lead">
        Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.
      </p>
      <PledgeForm campaign={campaign} eventId={event?.id} lastResult={lastResult} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
