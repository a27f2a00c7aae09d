import { useEffect, useState } from "react";
import { z } from "zod";
import type { Tally } from "~/models/tally.server";
import { QUALITIES, QUALITY_KEYS, type QualityKey } from "~/reference/qualities";
import { formatNumber } from "~/utils/numbers";

const REFRESH_MS = 20_000;

export type SummaryTally = Pick<
  Tally,
  "total" | "target" | "byQuality" | "keptByQuality" | "residents" | "organisations" | "kept"
>;

const Count = z.number().int().min(0);
const ByQuality = z.object(Object.fromEntries(QUALITY_KEYS.map((q) => [q, Count])) as Record<QualityKey, typeof Count>);
/** The figures this summary shows, as /api/tally answers them; anything else keeps the figures we have. */
const SummarySchema = z.object({
  total: Count,
  target: Count,
  residents: Count,
  organisations: Count,
  kept: Count,
  byQuality: ByQuality,
  keptByQuality: ByQuality,
});

/**
 * Keeps every figure of the summary current on an open page, from one fetch of
 * /api/tally; the server render stays the source of truth (and all there is
 * without JavaScript).
 */
function useLiveTally(initial: SummaryTally) {
  // The newest fetched figures, kept only while the server's render they replaced is current.
  const [live, setLive] = useState<{ from: SummaryTally; tally: SummaryTally } | null>(null);
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        // no-cache: the answer may be kept for 10 s by the browser; this page wants the figure now.
        const response = await fetch("/api/tally", { cache: "no-cache" });
        const parsed = response.ok ? SummarySchema.safeParse(await response.json()) : null;
        if (parsed?.success) setLive({ from: initial, tally: parsed.data });
      } catch {
        // Offline for a moment: keep the figures we have.
      }
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [initial]);
  return live?.from === initial ? live.tally : initial;
}

export function TallySummary({ tally: initial }: { tally: SummaryTally }) {
  const tally = useLiveTally(initial);
  const { total } = tally;
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
        <strong data-testid="tally-kept">{formatNumber(tally.kept)}</strong> kept: done, say the people who made them.{" "}
        {formatNumber(tally.residents)} from residents and {formatNumber(tally.organisations)} from organisations.
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
            <span className="meta">
              {" "}
              (<span data-testid={`tally-kept-${q.key}`}>{formatNumber(tally.keptByQuality[q.key])}</span> kept)
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
