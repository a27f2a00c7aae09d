import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { shiftDay } from "~/utils/calendar-days";
import { cumulative, describeGrowth, GrowthChart, tableRows } from "./growth-chart";

const days = (from: string, counts: number[]) => counts.map((pledges, i) => ({ day: shiftDay(from, i), pledges }));

test("days shift across months and years on the calendar, whatever the clocks do", () => {
  expect(shiftDay("2026-11-28", -89)).toBe("2026-08-31");
  expect(shiftDay("2026-12-31", 1)).toBe("2027-01-01");
  expect(shiftDay("2026-03-29", 1)).toBe("2026-03-30");
});

test("the running total starts from what counted before the first day", () => {
  expect(cumulative(days("2026-11-01", [2, 0, 3]), 10)).toEqual([
    { day: "2026-11-01", added: 2, total: 12 },
    { day: "2026-11-02", added: 0, total: 12 },
    { day: "2026-11-03", added: 3, total: 15 },
  ]);
  expect(describeGrowth(cumulative(days("2026-11-01", [2, 0, 3]), 10))).toBe(
    "15 pledges by 3 November 2026, up from 10 before 1 November 2026.",
  );
  expect(describeGrowth(cumulative(days("2026-11-01", [1]), 0))).toBe(
    "1 pledge from 1 November 2026 to 1 November 2026.",
  );
  expect(describeGrowth(cumulative(days("2026-11-01", [0, 0]), 0))).toBe("No pledges yet since 1 November 2026.");
});

test("the table has a row a day up to a month, and a row a week beyond, the last week short", () => {
  expect(tableRows(cumulative(days("2026-11-01", Array(31).fill(1))))).toHaveLength(31);
  const weeks = tableRows(cumulative(days("2026-09-01", Array(90).fill(1)), 5));
  expect(weeks).toHaveLength(13);
  expect(weeks[0]).toEqual({ label: "1 September 2026 to 7 September 2026", added: 7, total: 12 });
  expect(weeks.at(-1)).toEqual({ label: "24 November 2026 to 29 November 2026", added: 6, total: 95 });
});

test("the chart is an SVG image named by its title and described by its sentence, with the same figures in a table", () => {
  const html = renderToStaticMarkup(
    createElement(GrowthChart, { id: "g", title: "Pledges by day", points: cumulative(days("2026-11-01", [2, 3]), 1) }),
  );
  expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="g-title"[^>]*aria-describedby="g-desc"/);
  expect(html).toContain('<title id="g-title">Pledges by day</title>');
  expect(html).toContain('id="g-desc">6 pledges by 2 November 2026, up from 1 before 1 November 2026.</p>');
  expect(html).toContain("<summary>Show as a table</summary>");
  expect(html).toContain('<th scope="row">2 November 2026</th><td>3</td><td>6</td>');
});
