import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { removeExamplePledges, seedExamplePledges } from "./example-pledges.server";
import { seedReferenceData } from "./reference.server";
import { getTally } from "./tally.server";

test("reference data: four qualities with suggestions, five sectors, 20 wards with census 2021 population, every postcode; seeding again changes nothing", async () => {
  await seedReferenceData();
  await seedReferenceData();
  expect(await prisma.quality.findMany({ orderBy: { sortOrder: "asc" }, select: { key: true, name: true } })).toEqual([
    { key: "values", name: "Values and ethos" },
    { key: "delivery", name: "Delivery" },
    { key: "partnerships", name: "Partnerships" },
    { key: "operations", name: "Internal operations and practice" },
  ]);
  expect(await prisma.qualitySuggestion.count()).toBe(12);
  expect(await prisma.sector.count()).toBe(5);
  expect(await prisma.ward.count()).toBe(20);
  const population = await prisma.ward.aggregate({ _sum: { population: true } });
  // The published ward figures sum to 269,924, one more than the city's 269,923: ONS rounds each.
  expect(population._sum.population).toBe(269_924);
  expect(await prisma.ward.findUnique({ where: { slug: "pendleton-and-charlestown" } })).toMatchObject({ population: 17_154 });
  expect(await prisma.postcode.count()).toBe(12_480);
});

test("example pledges are flagged, counted once however often seeded, and removed by DEMO=0's clean-up", async () => {
  const added = await seedExamplePledges();
  expect(added).toBeGreaterThan(0);
  expect(await seedExamplePledges()).toBe(0);
  expect(await prisma.pledge.count({ where: { isExample: false } })).toBe(0);
  expect((await getTally()).total).toBe(added);
  expect(await removeExamplePledges()).toBe(added);
  expect((await getTally()).total).toBe(0);
});
