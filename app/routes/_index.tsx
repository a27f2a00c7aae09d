import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MapLegend, MAP_ATTRIBUTION } from "~/components/map-legend";
import { TallySummary } from "~/components/tally-summary";
import { WardSvgMap } from "~/components/ward-svg-map";
import { classBreaks } from "~/models/ward-figures";
import { getWardPaths } from "~/models/ward-shapes.server";
import { getCampaignCounts, getDailySeries, getTally, salfordDay } from "~/models/tally.server";
import { QualityList } from "~/components/quality-list";
import { CampaignCard } from "~/components/campaign-card";
import { celebration } from "~/components/campaign-milestones";
import { cumulative, GrowthChart } from "~/components/growth-chart";
import { shiftDay } from "~/utils/calendar-days";
import { listRunningCampaigns } from "~/models/campaign.server";
import { CITY_SCOPE, listMilestones } from "~/models/milestone.server";
import { metaDescription } from "~/utils/meta";

/** The city's growth chart covers about three months. */
const GROWTH_DAYS = 90;

export const meta: MetaFunction = () => [
  { title: "Salford Social Value City: make your pledge" },
  metaDescription("Make a Social Value City pledge for Salford and watch the city-wide movement grow."),
];

export async function loader() {
  const today = salfordDay(new Date());
  const [
    { total, target, byQuality, keptByQuality, residents, organisations, kept, byWard },
    running,
    milestones,
    days,
  ] = await Promise.all([
    getTally(),
    listRunningCampaigns(),
    listMilestones(CITY_SCOPE),
    getDailySeries({ from: shiftDay(today, 1 - GROWTH_DAYS), to: today }),
  ]);
  const campaignTotals = await Promise.all(running.map(async (c) => (await getCampaignCounts(c.id)).count("total")));
  // The days count residents' pledges: what counted before the first day is the rest of them.
  const before = Math.max(0, residents - days.reduce((sum, d) => sum + d.pledges, 0));
  return {
    tally: { total, target, byQuality, keptByQuality, residents, organisations, kept },
    campaigns: running.map((campaign, i) => ({ campaign, total: campaignTotals[i]! })),
    // Newest first: the latest is the one to celebrate.
    milestones: [...milestones].reverse(),
    growth: cumulative(days, before),
    wards: byWard,
    breaks: classBreaks(byWard),
    paths: getWardPaths(),
  };
}

export default function HomePage() {
  const { tally, campaigns, milestones, growth, wards, breaks, paths } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Salford is becoming a Social Value City</h1>
      <p className="lead">
        A city where every resident and organisation makes a positive social, economic and environmental contribution.
        It moves when people do: make a pledge, keep it, and watch the movement grow.
      </p>
      <p>
        <Link to="/pledge" className="button">
          Make your pledge
        </Link>
      </p>
      <TallySummary tally={tally} />
      {milestones.length ? (
        <section aria-labelledby="milestones-heading">
          <h2 id="milestones-heading">Milestones</h2>
          <ul className="milestone-list" data-testid="city-milestones">
            {milestones.map((m, i) => (
              <li key={m.percent} className={i === 0 ? "celebration" : undefined}>
                {celebration(m)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {campaigns.length ? (
        <section aria-labelledby="running-campaigns-heading">
          <h2 id="running-campaigns-heading">Campaigns running now</h2>
          <ul className="campaign-list">
            {campaigns.map(({ campaign, total }) => (
              <li key={campaign.id}>
                <CampaignCard campaign={campaign} total={total} />
              </li>
            ))}
          </ul>
          <p>
            <Link to="/campaigns">All campaigns</Link>
          </p>
        </section>
      ) : null}
      <h2>How the movement has grown</h2>
      <GrowthChart
        id="city-growth"
        title={`Pledges from residents over the last ${GROWTH_DAYS} days`}
        points={growth}
      />
      <h2>Where Salford is pledging</h2>
      <Link to="/map" className="home-map">
        <WardSvgMap
          paths={paths}
          figures={wards}
          breaks={breaks}
          label="Map of Salford’s 20 wards shaded by pledges per 1,000 residents. Open the full map and table"
        />
      </Link>
      <MapLegend breaks={breaks} />
      <p className="attribution">{MAP_ATTRIBUTION}.</p>
      <h2>The four qualities</h2>
      <p>
        Research by CLES into five Salford organisations found that what they share is a culture of wanting to make a
        difference, visible in four qualities.
      </p>
      <QualityList detail="summary" />
      <p>
        <Link to="/pledges">Read the pledges people have made</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
