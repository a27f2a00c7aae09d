import { Link } from "@remix-run/react";
import type { CampaignCard as Campaign } from "~/models/campaign.server";
import { formatDate } from "~/utils/dates";
import { formatNumber } from "~/utils/numbers";
import { CampaignProgress } from "./campaign-progress";

/** "1 December 2026 to 31 January 2027": a campaign's days, both in it. */
export function campaignDates(campaign: { startsOn: string; endsOn: string }) {
  const day = (d: string) => formatDate(d, { calendarDate: true });
  return `${day(campaign.startsOn)} to ${day(campaign.endsOn)}`;
}

export const PHASE_LABELS = { draft: "Draft", upcoming: "Upcoming", running: "Running now", past: "Ended" } as const;

/** A campaign in a list: what it is, when, how far it has come, and a link to its page. */
export function CampaignCard({
  campaign,
  total,
  headingLevel = 3,
}: {
  campaign: Campaign;
  total: number;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card campaign-card">
      <Heading>
        <Link to={`/campaigns/${campaign.slug}`}>{campaign.name}</Link>
      </Heading>
      <p className="meta">
        {campaign.isExample ? <span className="tag example">Example</span> : null}
        {campaignDates(campaign)}
      </p>
      <p>{campaign.summary}</p>
      {campaign.phase === "upcoming" ? (
        <p>Its target: {formatNumber(campaign.target)} pledges.</p>
      ) : (
        <CampaignProgress name={campaign.name} total={total} target={campaign.target} />
      )}
    </article>
  );
}
