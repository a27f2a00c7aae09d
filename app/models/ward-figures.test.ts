import { expect, test } from "vitest";
import {
  classBreaks,
  describeFigure,
  legendEntries,
  publishWardFigure,
  shadeClass,
  type WardFigure,
} from "./ward-figures";

const ordsall = { code: "E05013028", name: "Ordsall", slug: "ordsall", population: 10094 };

test.each([0, 1, 4])("%i pledges in a ward are published only as 'fewer than 5'", (pledges) => {
  const figure = publishWardFigure(ordsall, pledges);
  expect(figure).toEqual({ ...ordsall, pledges: null, perThousand: null, fewerThan5: true });
  expect(describeFigure(figure)).toBe("fewer than 5 pledges");
  expect(JSON.stringify(figure)).not.toMatch(/"pledges":\d/);
});

test("5 pledges and more are published exactly, with the rate per 1,000 residents", () => {
  expect(publishWardFigure(ordsall, 5)).toMatchObject({ pledges: 5, perThousand: 0.5, fewerThan5: false });
  expect(describeFigure(publishWardFigure(ordsall, 1234))).toBe("1,234 pledges, 122.25 per 1,000 residents");
});

const figure = (perThousand: number | null): WardFigure => ({
  ...ordsall,
  pledges: perThousand === null ? null : 10,
  perThousand,
  fewerThan5: perThousand === null,
});

test("five classes of equal, round steps up to the highest ward", () => {
  expect(classBreaks([figure(0.83), figure(1.22), figure(null)])).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
  expect(classBreaks([figure(37)])).toEqual([10, 20, 30, 40, 50]);
  expect(classBreaks([figure(null)])).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
});

test("each ward falls in its class; suppressed wards in a class of their own", () => {
  const breaks = [10, 20, 30, 40, 50];
  expect([0.5, 10, 10.01, 49.9, 50, 60].map((v) => shadeClass(figure(v), breaks))).toEqual([0, 0, 1, 4, 4, 4]);
  expect(shadeClass(figure(null), breaks)).toBe("few");
  const legend = legendEntries(breaks).map((e) => e.label);
  expect(legend).toEqual([
    "up to 10 per 1,000 residents",
    "over 10 to 20 per 1,000 residents",
    "over 20 to 30 per 1,000 residents",
    "over 30 to 40 per 1,000 residents",
    "over 40 to 50 per 1,000 residents",
    "fewer than 5 pledges",
  ]);
});
