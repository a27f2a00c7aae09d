import type { ReachedMilestone } from "~/models/milestone.server";
import { formatDate } from "~/utils/dates";
import { formatNumber } from "~/utils/numbers";

export type MilestoneRow = { percent: number; pledges: number; reachedAt: string | null };

/** "We passed 50% of our target on 28 November 2026", or, at 100%, the target itself. */
export function celebration(milestone: Pick<ReachedMilestone, "percent" | "target" | "reachedAt">) {
  const on = formatDate(milestone.reachedAt);
  return milestone.percent >= 100
    ? `We reached our target of ${formatNumber(milestone.target)} pledges on ${on}!`
    : `We passed ${milestone.percent}% of our target on ${on}.`;
}

/** A campaign's milestones: which it has passed and when, the latest celebrated. */
export function CampaignMilestones({
  milestones,
  latest,
}: {
  milestones: MilestoneRow[];
  latest: ReachedMilestone | null;
}) {
  if (!milestones.length) return null;
  return (
    <section aria-labelledby="milestones-heading">
      <h3 id="milestones-heading">Milestones</h3>
      {latest ? (
        <p className="celebration" data-testid="campaign-celebration">
          {celebration(latest)}
        </p>
      ) : null}
      <ul className="milestone-list">
        {milestones.map((m) => (
          <li key={m.percent} className={m.reachedAt ? "reached" : undefined}>
            <strong>{m.percent}%</strong> ({formatNumber(m.pledges)} pledges):{" "}
            {m.reachedAt ? `reached on ${formatDate(m.reachedAt)}` : "not yet"}
          </li>
        ))}
      </ul>
    </section>
  );
}
