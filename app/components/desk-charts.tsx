import type { ReactNode } from "react";
import { formatNumber } from "~/utils/numbers";

/*
 * The desk's charts (/admin), drawn on the server: nothing to load, nothing
 * to run. A bar table is the data table itself, each row's bar drawn in CSS
 * beside its number (the bar is decoration: the number is read). A column
 * chart is an SVG hidden from screen readers, said in one sentence and given
 * in full in the table below it.
 */

export type BarRow = {
  label: ReactNode;
  /** a key unique in the table */
  key: string;
  /** the figure the bar draws; null for one that is not shown (fewer than 5) */
  value: number | null;
  /** what the value cell says, when not the number itself */
  shown?: ReactNode;
  /** further cells, after the value */
  more?: ReactNode[];
};

/** The bar's share of the widest, as a CSS width: at least a sliver for anything above nothing. */
function barWidth(value: number | null, max: number) {
  if (!value || max <= 0) return "0%";
  return `${Math.max(1, Math.round((value / max) * 100))}%`;
}

export function BarTable({
  id,
  caption,
  labelHeading,
  valueHeading,
  moreHeadings = [],
  rows,
}: {
  id: string;
  caption: ReactNode;
  labelHeading: string;
  valueHeading: string;
  moreHeadings?: string[];
  rows: BarRow[];
}) {
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
  return (
    <div className="table-scroll">
      <table className="bar-table" data-testid={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeading}</th>
            <th scope="col">{valueHeading}</th>
            {moreHeadings.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>
                <span className="bar-figure">{row.shown ?? (row.value === null ? "" : formatNumber(row.value))}</span>
                <span className="bar" aria-hidden="true">
                  <span className="bar-fill" style={{ width: barWidth(row.value, max) }} />
                </span>
              </td>
              {(row.more ?? []).map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type Column = { key: string; label: string; value: number };

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 24, left: 44 };

/** A round top for the axis. */
function axisTop(max: number) {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].find((n) => n * magnitude >= max)! * magnitude;
}

/**
 * Columns over time (days or weeks), then what they show in a sentence and
 * the table of every column (in a <details>, open without JavaScript).
 */
export function ColumnChart({
  id,
  title,
  summary,
  columns,
  labelHeading,
  valueHeading,
}: {
  id: string;
  title: string;
  /** the chart in one sentence */
  summary: string;
  columns: Column[];
  labelHeading: string;
  valueHeading: string;
}) {
  const top = axisTop(Math.max(0, ...columns.map((c) => c.value)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, columns.length);
  const y = (v: number) => PAD.top + plotHeight - (v / top) * plotHeight;
  return (
    <figure className="desk-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="desk-chart-svg" aria-hidden="true" data-testid={`${id}-svg`}>
        {[0, top / 2, top].map((tick) => (
          <g key={tick} className="growth-axis">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {columns.map((c, i) => (
          <rect
            key={c.key}
            className="desk-column"
            x={(PAD.left + i * slot + slot * 0.15).toFixed(1)}
            width={(slot * 0.7).toFixed(1)}
            y={y(c.value).toFixed(1)}
            height={(PAD.top + plotHeight - y(c.value)).toFixed(1)}
          />
        ))}
        {columns.length ? (
          <>
            <text x={PAD.left} y={HEIGHT - 6} className="growth-label">
              {columns[0]!.label}
            </text>
            <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="growth-label">
              {columns.at(-1)!.label}
            </text>
          </>
        ) : null}
      </svg>
      <p className="meta">{summary}</p>
      <details>
        <summary>Show as a table</summary>
        <div className="table-scroll">
          <table data-testid={`${id}-table`}>
            <caption>{title}, as a table</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                <th scope="col">{valueHeading}</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.key}>
                  <th scope="row">{c.label}</th>
                  <td>{formatNumber(c.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
