import { formatNumber } from "~/utils/numbers";

/** A share of a target as a percentage with at most one decimal: 42.5. */
export function percentOf(count: number, target: number) {
  return target > 0 ? Math.round((count / target) * 1000) / 10 : 0;
}

/** A campaign's pledges against its target: a bar, and the same in words for everyone. */
export function CampaignProgress({ name, total, target }: { name: string; total: number; target: number }) {
  const percent = percentOf(total, target);
  return (
    <div className="campaign-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label={`${name}: progress to its target`}
        aria-valuemin={0}
        aria-valuemax={target}
        aria-valuenow={Math.min(total, target)}
        aria-valuetext={`${formatNumber(total)} of ${formatNumber(target)} pledges`}
      >
        <span style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <p data-testid="campaign-progress">
        <strong>{formatNumber(total)}</strong> of its target of {formatNumber(target)} pledges ({formatNumber(percent)}
        %)
      </p>
    </div>
  );
}
