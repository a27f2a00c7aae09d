import { useEffect, useState } from "react";
import type { Tally } from "~/models/tally.server";
import { QUALITIES } from "~/reference/qualities";
import { formatNumber } from "~/utils/numbers";

const REFRESH_MS = 20_000;

/** Keeps the headline number current on an open page; the server render stays the source of truth. */
function useLiveTotal(initial: number) {
  const [total, setTotal] = useState(initial);
  useEffect(() => setTotal(initial), [initial]);
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/tally");
        if (response.ok) setTotal(((await response.json()) as { total: number }).total);
      } catch {
        // Offline for a moment: keep the number we have.
      }
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return total;
}

export function TallySummary({
  tally,
}: {
  tally: Pick<Tally, "total" | "target" | "byQuality" | "keptByQuality" | "residents" | "organisations" | "kept">;
}) {
  const total = useLiveTotal(tally.total);
  const percent = Math.min(100, Math.round((total / tally.target) * 1000) / 10);
  return (
    <section aria-labelledby="tally-heading" className="card">
      <h2 id="tally-heading" className="visually-hidden">
        The tally
      </h2>
      <p className="tally-number" data-testid="tally-total">
        {formatNumber(total)}
      </p>
      <p className="lead">confirmed pledges to make Salford a Social Value City</p>
      <p>
        <strong data-testid="tally-kept">{formatNumber(tally.kept)}</strong> kept: done, say the people who
        made them. {formatNumber(tally.residents)} from residents and{" "}
        {formatNumber(tally.organisations)} from organisations.
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label="Progress to the target"
        aria-valuemin={0}
        aria-valuemax={tally.target}
        aria-valuenow={Math.min(total, tally.target)}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p>
        {percent}% of the Alliance’s target of {formatNumber(tally.target)} pledges.
      </p>
      <h3>Pledges by quality</h3>
      <ul className="quality-counts">
        {QUALITIES.map((q) => (
          <li key={q.key} className="card">
            <strong data-testid={`tally-${q.key}`}>{formatNumber(tally.byQuality[q.key])}</strong>
            {q.name}
            <span className="meta"> ({formatNumber(tally.keptByQuality[q.key])} kept)</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
