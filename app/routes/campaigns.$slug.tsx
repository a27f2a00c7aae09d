import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { campaignDates, PHASE_LABELS } from "~/components/campaign-card";
import { CampaignMilestones, type MilestoneRow } from "~/components/campaign-milestones";
import { CampaignProgress } from "~/components/campaign-progress";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { UpcomingEvents } from "~/components/event-card";
import { cumulative, GrowthChart } from "~/components/growth-chart";
import { Markdown } from "~/components/markdown";
import { PledgeList, QualityTags } from "~/components/pledge-card";
import { ShareLinks } from "~/components/share-links";
import { findPublicCampaign } from "~/models/campaign.server";
import { listUpcomingEvents } from "~/models/event.server";
import { listMilestones } from "~/models/milestone.server";
import { listConditionProgress } from "~/models/pledge-condition.server";
import { listConfirmedPledges } from "~/models/pledge-read.server";
import { getCampaignCounts, getCampaignTally, getDailySeries, salfordDay } from "~/models/tally.server";
import { FEWER_THAN, describeFigure, publishSmallCount } from "~/models/ward-figures";
import { QUALITIES } from "~/reference/qualities";
import { formatDate } from "~/utils/dates";
import { appUrl } from "~/utils/env.server";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

const NEWEST_PLEDGES = 10;
const UPCOMING_EVENTS = 3;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.campaign.name} | Salford Social Value City` },
        metaDescription(data.campaign.summary),
        { property: "og:title", content: data.campaign.name },
        { property: "og:description", content: data.campaign.summary },
        { property: "og:url", content: data.shareUrl },
      ]
    : [{ title: "Campaign not found | Salford Social Value City" }, metaDescription("That campaign is not here.")];

export async function loader({ params }: LoaderFunctionArgs) {
  // A draft, an unknown slug and one no campaign could have (findPublicCampaign checks) are all "not here".
  const campaign = await findPublicCampaign(params.slug ?? "");
  if (!campaign) throw new Response("No campaign has that name", { status: 404 });
  const today = salfordDay(new Date());
  // To its end, or to the last day a pledge began to count if later (a link pressed after the end,
  // a condition met after it), and never past today.
  const lastCounted = (await getCampaignCounts(campaign.id)).dimensions
    .filter((d) => d.startsWith("day:"))
    .map((d) => d.slice("day:".length))
    .sort()
    .at(-1);
  const end = lastCounted && lastCounted > campaign.endsOn ? lastCounted : campaign.endsOn;
  const chartTo = end < today ? end : today;
  const [tally, reached, conditions, newest, series, events] = await Promise.all([
    getCampaignTally(campaign.id),
    listMilestones(campaign.id),
    campaign.conditional ? listConditionProgress(campaign.id) : [],
    listConfirmedPledges({ campaignId: campaign.id, page: 1 }),
    campaign.phase === "upcoming"
      ? []
      : getDailySeries({ from: campaign.startsOn, to: chartTo, campaignId: campaign.id }),
    listUpcomingEvents({ campaignId: campaign.id, limit: UPCOMING_EVENTS }),
  ]);
  const wardNames = new Map(tally.byWard.map((w) => [w.code, w.name]));
  const reachedAt = new Map(reached.map((m) => [m.percent, m.reachedAt]));
  const milestones: MilestoneRow[] = campaign.milestones.map((percent) => ({
    percent,
    pledges: Math.ceil((campaign.target * percent) / 100),
    reachedAt: reachedAt.get(percent) ?? null,
  }));
  return {
    campaign,
    total: tally.total,
    waiting: publishSmallCount(tally.waiting),
    byQuality: tally.byQuality,
    // Every ward: a pledge for a campaign counts wherever it was made, focus ward or not.
    wards: tally.byWard,
    milestones,
    latestMilestone: reached.at(-1) ?? null,
    conditions: conditions.map((c) => ({
      ...c,
      place: c.wardCode ? (wardNames.get(c.wardCode) ?? c.wardCode) : null,
    })),
    pledges: newest.pledges.slice(0, NEWEST_PLEDGES),
    growth: cumulative(series),
    shareUrl: appUrl(`/campaigns/${campaign.slug}`),
    events,
  };
}

export default function CampaignPage() {
  const {
    campaign,
    total,
    waiting,
    byQuality,
    wards,
    milestones,
    latestMilestone,
    conditions,
    pledges,
    growth,
    shareUrl,
    events,
  } = useLoaderData<typeof loader>();
  const running = campaign.phase === "running";
  const conditional = campaign.conditional;
  return (
    <>
      <p>
        <Link to="/campaigns">All campaigns</Link>
      </p>
      <h1>{campaign.name}</h1>
      <p className="meta" data-testid="campaign-when">
        {campaign.isExample ? <span className="tag example">Example</span> : null}
        <strong>{PHASE_LABELS[campaign.phase]}</strong>: {campaignDates(campaign)}
      </p>
      <p className="lead">{campaign.summary}</p>
      {campaign.qualities.length ? (
        <p>
          <QualityTags qualities={campaign.qualities} />
        </p>
      ) : null}
      {running ? (
        <p>
          <Link to={`/pledge?campaign=${campaign.slug}`} className="button">
            Pledge for this campaign
          </Link>
        </p>
      ) : null}

      <h2>How far it has come</h2>
      {campaign.phase === "upcoming" ? (
        <p>
          It starts on {formatDate(campaign.startsOn, { calendarDate: true })}, aiming for{" "}
          {formatNumber(campaign.target)} pledges.
        </p>
      ) : (
        <CampaignProgress name={campaign.name} total={total} target={campaign.target} />
      )}
      <CampaignMilestones milestones={milestones} latest={latestMilestone} />
      {growth.length ? (
        <GrowthChart id="campaign-growth" title={`Pledges for ${campaign.name}, day by day`} points={growth} />
      ) : null}

      <UpcomingEvents events={events} more={`/events?campaign=${campaign.slug}`} />

      <h2>About this campaign</h2>
      <Markdown className="campaign-body">{campaign.body}</Markdown>

      {conditional || waiting !== 0 ? (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting on others</h2>
          <p data-testid="campaign-waiting">
            {waiting === null
              ? `${FEWER_THAN[0]!.toUpperCase()}${FEWER_THAN.slice(1)} pledges are waiting for enough others to join them.`
              : `${formatNumber(waiting)} pledges are waiting for enough others to join them.`}{" "}
            They count once their condition is met.
          </p>
          {conditional ? (
            <>
              <p>
                You can pledge on condition that {formatNumber(conditional.threshold)} people{" "}
                {conditional.scope === "ward" ? "in your ward" : "in the campaign"} do too, by{" "}
                {formatDate(conditional.deadline)}.
              </p>
              {conditions.length ? (
                <ul className="condition-list">
                  {conditions.map((c) => (
                    <li key={c.wardCode}>
                      <strong>{c.place ?? "The whole campaign"}</strong>: {conditionWords(c)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>No one has made a conditional pledge yet.</p>
              )}
            </>
          ) : null}
        </section>
      ) : null}

      <h2>Pledges by quality</h2>
      <ul className="quality-counts">
        {QUALITIES.map((q) => (
          <li key={q.key} className="card">
            <strong>{formatNumber(byQuality[q.key])}</strong>
            {q.name}
          </li>
        ))}
      </ul>

      <h2>Pledges by ward</h2>
      <p>
        A ward with {FEWER_THAN} pledges for the campaign shows “{FEWER_THAN}”, to protect the people who made them.{" "}
        <Link to={`/map?campaign=${campaign.slug}`}>See the campaign on the map</Link>.
      </p>
      <div className="table-scroll">
        <table data-testid="campaign-wards">
          <caption className="visually-hidden">Pledges for {campaign.name} by ward</caption>
          <thead>
            <tr>
              <th scope="col">Ward</th>
              <th scope="col">Pledges</th>
              <th scope="col">Per 1,000 residents</th>
            </tr>
          </thead>
          <tbody>
            {wards.map((ward) => (
              <tr key={ward.code}>
                <th scope="row">
                  <Link to={`/wards/${ward.slug}`}>{ward.name}</Link>
                </th>
                <td>
                  {ward.fewerThan5 ? FEWER_THAN : formatNumber(ward.pledges!)}
                  <span className="visually-hidden">: {describeFigure(ward)}</span>
                </td>
                <td>{ward.fewerThan5 ? "not shown" : formatNumber(ward.perThousand!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Newest pledges</h2>
      {pledges.length ? <PledgeList pledges={pledges} /> : <p>No pledges for this campaign yet.</p>}

      {campaign.partners.length ? (
        <>
          <h2>Partners</h2>
          <ul className="partner-list">
            {campaign.partners.map((partner) => (
              <li key={partner.slug}>
                <Link to={`/organisations/${partner.slug}`}>{partner.name}</Link>
                {partner.isExample ? (
                  <>
                    {" "}
                    <span className="tag example">Example</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Share this campaign</h2>
      <ShareLinks
        url={shareUrl}
        subject={campaign.name}
        text={`${campaign.name}: ${campaign.summary}`}
        label="this campaign"
      />
    </>
  );
}

function conditionWords(condition: {
  signers: number | null;
  threshold: number;
  deadline: string;
  status: string;
  settledAt: string | null;
}) {
  const ofN = `${condition.signers === null ? FEWER_THAN : formatNumber(condition.signers)} of ${formatNumber(condition.threshold)}`;
  if (condition.status === "on")
    return `${ofN}: met${condition.settledAt ? ` on ${formatDate(condition.settledAt)}` : ""}, so these pledges count.`;
  if (condition.status === "lapsed") return `${ofN}: not reached by ${formatDate(condition.deadline)}.`;
  return `${ofN} so far, by ${formatDate(condition.deadline)}.`;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
