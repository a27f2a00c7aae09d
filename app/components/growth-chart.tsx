import type { DailyCount } from "~/models/tally.server";
import { formatDate } from "~/utils/dates";
import { formatNumber } from "~/utils/numbers";

/*
 * Pledges adding up day by day: an SVG drawn on the server (nothing to load,
 * nothing to run), named and described for a screen reader, with the same
 * figures in a table a click away (<details> opens without JavaScript).
 */

export type GrowthPoint = { day: string; added: number; total: number };

/** Running totals from `before` (what counted before the first day) and each day's new pledges. */
export function cumulative(series: DailyCount[], before = 0): GrowthPoint[] {
  let total = before;
  return series.map(({ day, pledges }) => {
    total += pledges;
    return { day, added: pledges, total };
  });
}

/** The table's rows: a row a day for a month or less, else a row a week (the last one may be short). */
export function tableRows(points: GrowthPoint[]) {
  if (points.length <= 31) return points.map((p) => ({ label: longDay(p.day), added: p.added, total: p.total }));
  const rows: { label: string; added: number; total: number }[] = [];
  for (let i = 0; i < points.length; i += 7) {
    const week = points.slice(i, i + 7);
    const first = week[0]!;
    const last = week.at(-1)!;
    rows.push({
      label: week.length === 1 ? longDay(first.day) : `${longDay(first.day)} to ${longDay(last.day)}`,
      added: week.reduce((sum, p) => sum + p.added, 0),
      total: last.total,
    });
  }
  return rows;
}

/** The chart in one sentence: where it ends, and where it started. */
export function describeGrowth(points: GrowthPoint[]) {
  const first = points[0]!;
  const last = points.at(-1)!;
  const before = first.total - first.added;
  const pledges = (n: number) => `${formatNumber(n)} ${n === 1 ? "pledge" : "pledges"}`;
  if (before)
    return `${pledges(last.total)} by ${longDay(last.day)}, up from ${formatNumber(before)} before ${longDay(first.day)}.`;
  if (!last.total) return `No pledges yet since ${longDay(first.day)}.`;
  return `${pledges(last.total)} from ${longDay(first.day)} to ${longDay(last.day)}.`;
}

const longDay = (day: string) => formatDate(day, { calendarDate: true });
const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** A round step for the vertical axis, so its labels read easily. */
function axisMax(max: number) {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const nice = [1, 2, 2.5, 5, 10].find((n) => n * magnitude >= max)!;
  return nice * magnitude;
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 16, bottom: 32, left: 56 };

export function GrowthChart({
  id,
  title,
  points,
}: {
  /** Unique on the page: names the chart's title, description and table. */
  id: string;
  title: string;
  points: GrowthPoint[];
}) {
  if (!points.length) return null;
  const first = points[0]!;
  const last = points.at(-1)!;
  const top = axisMax(Math.max(...points.map((p) => p.total)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? plotWidth : (i / (points.length - 1)) * plotWidth);
  const y = (total: number) => PAD.top + plotHeight - (total / top) * plotHeight;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.total).toFixed(1)}`).join(" ");
  const area = `${PAD.left},${y(0)} ${line} ${x(points.length - 1).toFixed(1)},${y(0)}`;
  const ticks = [0, top / 2, top];
  const description = describeGrowth(points);
  return (
    <figure className="growth-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        className="growth-chart-svg"
        data-testid={`${id}-svg`}
      >
        <title id={`${id}-title`}>{title}</title>
        {ticks.map((tick) => (
          <g key={tick} className="growth-axis">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 8} y={y(tick) + 4} textAnchor="end">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        <polygon points={area} className="growth-area" />
        <polyline points={line} className="growth-line" />
        <text x={PAD.left} y={HEIGHT - 8} className="growth-label">
          {shortDay(first.day)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" className="growth-label">
          {shortDay(last.day)}
        </text>
      </svg>
      <p className="meta" id={`${id}-desc`}>
        {description}
      </p>
      <details>
        <summary>Show as a table</summary>
        <div className="table-scroll">
          <table data-testid={`${id}-table`}>
            <caption className="visually-hidden">{title}, as a table</caption>
            <thead>
              <tr>
                <th scope="col">{points.length <= 31 ? "Day" : "Week"}</th>
                <th scope="col">New pledges</th>
                <th scope="col">Pledges in all</th>
              </tr>
            </thead>
            <tbody>
              {tableRows(points).map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td>{formatNumber(row.added)}</td>
                  <td>{formatNumber(row.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
