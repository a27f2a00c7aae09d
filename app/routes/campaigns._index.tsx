import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CampaignCard } from "~/components/campaign-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listPublicCampaigns } from "~/models/campaign.server";
import { getCampaignCounts } from "~/models/tally.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Campaigns | Salford Social Value City" },
  metaDescription(
    "Social Value City campaigns in Salford: what is running now, what is coming up, and what has been done.",
  ),
];

export async function loader() {
  const campaigns = await listPublicCampaigns();
  // A campaign's counters are a few dozen rows, read (and reused briefly) per campaign.
  const totals = await Promise.all(campaigns.map(async (c) => (await getCampaignCounts(c.id)).count("total")));
  const withTotals = campaigns.map((campaign, i) => ({ campaign, total: totals[i]! }));
  return {
    running: withTotals.filter((c) => c.campaign.phase === "running"),
    upcoming: withTotals.filter((c) => c.campaign.phase === "upcoming"),
    // The most recently ended first.
    past: withTotals.filter((c) => c.campaign.phase === "past").reverse(),
  };
}

const GROUPS = [
  { key: "running", heading: "Running now", empty: "No campaign is running just now." },
  { key: "upcoming", heading: "Coming up", empty: "No campaign is planned yet." },
  { key: "past", heading: "Past campaigns", empty: "No campaign has ended yet." },
] as const;

export default function CampaignsPage() {
  const groups = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Campaigns</h1>
      <p className="lead">
        Campaigns bring Salford together around one thing at a time, for a few weeks: a shared target, pledges made for
        it, and partners helping it happen.
      </p>
      {GROUPS.map((group) => (
        <section key={group.key} aria-labelledby={`campaigns-${group.key}`}>
          <h2 id={`campaigns-${group.key}`}>{group.heading}</h2>
          {groups[group.key].length ? (
            <ul className="campaign-list">
              {groups[group.key].map(({ campaign, total }) => (
                <li key={campaign.id}>
                  <CampaignCard campaign={campaign} total={total} />
                </li>
              ))}
            </ul>
          ) : (
            <p>{group.empty}</p>
          )}
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
