import { formatNumber } from "~/utils/numbers";
/**
 * Ward figures as the public may see them, and how the map shades them.
 * Shared by the server (API, tables, SVG maps) and the browser (Leaflet), so
 * both shade the same way. Pure: no database here.
 */

/** Below this many pledges a ward's count is never shown: only "fewer than 5". */
export const SMALL_NUMBER_THRESHOLD = 5;
export const FEWER_THAN = `fewer than ${SMALL_NUMBER_THRESHOLD}`;

export type WardRef = { code: string; name: string; slug: string; population: number };

export type WardFigure = WardRef & {
  /** null when suppressed */
  pledges: number | null;
  /** confirmed pledges per 1,000 residents (Census 2021), 2 decimals; null when suppressed */
  perThousand: number | null;
  fewerThan5: boolean;
};

/** A ward's properties on the map and in /api/wards.geojson: its published figures and shading. */
export type WardFeatureProperties = WardFigure & { shade: number | "few"; colour: string };

/**
 * A count that can be made of one ward's few pledges (conditional pledges
 * waiting, which may all wait in one ward's condition): published only from 5,
 * as a ward's is; null below. Zero says nothing about anyone.
 */
export function publishSmallCount(count: number): number | null {
  return count > 0 && count < SMALL_NUMBER_THRESHOLD ? null : count;
}

/** The one place a ward's exact count is turned into what may be published. */
export function publishWardFigure(ward: WardRef, pledges: number): WardFigure {
  if (pledges < SMALL_NUMBER_THRESHOLD) return { ...ward, pledges: null, perThousand: null, fewerThan5: true };
  return { ...ward, pledges, perThousand: perThousand(pledges, ward.population), fewerThan5: false };
}

export function perThousand(pledges: number, population: number) {
  return Math.round((pledges / population) * 1000 * 100) / 100;
}

/** Five shades, light to dark; readable with the ward names on top (ColorBrewer YlGnBu). */
export const CLASS_COLOURS = ["#edf8b1", "#c7e9b4", "#7fcdbb", "#2c7fb8", "#253494"] as const;
export const FEWER_COLOUR = "#e6e3dc";

/** Upper bounds of the five classes: equal steps of a round size, so the legend reads easily. */
export function classBreaks(figures: WardFigure[]): number[] {
  const max = Math.max(0, ...figures.map((f) => f.perThousand ?? 0));
  const step = niceStep(max / CLASS_COLOURS.length);
  return CLASS_COLOURS.map((_, i) => round2(step * (i + 1)));
}

function niceStep(raw: number) {
  if (raw <= 0) return 0.2;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 2.5, 5, 10].find((n) => n * magnitude >= raw - 1e-12)!;
  return round2(nice * magnitude) || 0.01;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 0..4 for a shaded ward, "few" for a ward with fewer than 5 pledges. */
export function shadeClass(figure: Pick<WardFigure, "perThousand" | "fewerThan5">, breaks: number[]): number | "few" {
  if (figure.fewerThan5 || figure.perThousand === null) return "few";
  const index = breaks.findIndex((upper) => figure.perThousand! <= upper);
  return index === -1 ? breaks.length - 1 : index;
}

export function shadeColour(shade: number | "few") {
  return shade === "few" ? FEWER_COLOUR : CLASS_COLOURS[shade]!;
}

export function legendEntries(breaks: number[]) {
  const format = (n: number) => formatNumber(n, 2);
  return [
    ...breaks.map((upper, i) => ({
      colour: CLASS_COLOURS[i]!,
      label: `${i === 0 ? "up to" : `over ${format(breaks[i - 1]!)} to`} ${format(upper)} per 1,000 residents`,
    })),
    { colour: FEWER_COLOUR, label: `${FEWER_THAN} pledges` },
  ];
}

/** "12 pledges, 1.19 per 1,000 residents" or "fewer than 5 pledges". */
export function describeFigure(figure: Pick<WardFigure, "pledges" | "perThousand" | "fewerThan5">) {
  if (figure.fewerThan5) return `${FEWER_THAN} pledges`;
  return `${formatNumber(figure.pledges!)} ${figure.pledges === 1 ? "pledge" : "pledges"}, ${formatNumber(figure.perThousand!)} per 1,000 residents`;
}
