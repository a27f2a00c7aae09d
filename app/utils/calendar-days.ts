/*
 * Calendar days as YYYY-MM-DD strings (the tally's days, a series' range, a
 * chart's axis): counted in UTC, where every day is 24 hours long, so a clock
 * change never skips or repeats one.
 */

const DAY_MS = 86_400_000;

/** The calendar day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function shiftDay(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}
