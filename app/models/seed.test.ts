import { afterEach, expect, test } from "vitest";
import { createOrganisation } from "../../tests/accounts";
import { prisma } from "~/utils/db.server";
import {
  removeExampleData,
  removeExampleOrganisations,
  removeExamplePledges,
  seedExampleData,
  seedExampleOrganisations,
  seedExamplePledges,
} from "./example-data.server";
import { createCommitment } from "./organisation.server";
import { seedReferenceData } from "./reference.server";
import { getTally } from "./tally.server";

afterEach(async () => {
  await removeExampleData();
});

/** The organisations the counting rule (docs/tally.md) counts, counted from the rows themselves. */
function recountOrganisations() {
  return prisma.organisation.count({ where: { status: "verified", commitments: { some: { status: "active" } } } });
}

test("reference data: five sectors, 20 wards with census 2021 population; seeding again changes nothing", async () => {
  await seedReferenceData();
  await seedReferenceData();
  expect(await prisma.sector.count()).toBe(5);
  expect(await prisma.ward.count()).toBe(20);
  const population = await prisma.ward.aggregate({ _sum: { population: true } });
  // The published ward figures sum to 269,924, one more than the city's 269,923: ONS rounds each.
  expect(population._sum.population).toBe(269_924);
  expect(await prisma.ward.findUnique({ where: { slug: "pendleton-and-charlestown" } })).toMatchObject({
    population: 17_154,
  });
});

test("example pledges are flagged, counted once however often seeded, and removed by DEMO=0's clean-up", async () => {
  const before = (await getTally()).total;
  const added = await seedExamplePledges();
  expect(added).toBeGreaterThan(0);
  expect(await seedExamplePledges()).toBe(0);
  expect(await prisma.pledge.count({ where: { isExample: false } })).toBe(0);
  expect((await getTally()).total).toBe(before + added);
  expect(await removeExamplePledges()).toBe(added);
  expect((await getTally()).total).toBe(before);
});

test("example organisations: verified, in different sectors and wards, with commitments and progress, counted as a recount counts them, and no email queued", async () => {
  const emailsBefore = await prisma.emailMessage.count();
  const before = await getTally();
  const added = await seedExampleOrganisations();
  expect(added).toBeGreaterThanOrEqual(5);
  expect(await seedExampleOrganisations()).toBe(0);

  const examples = await prisma.organisation.findMany({
    where: { isExample: true },
    include: { commitments: { include: { reports: true } } },
  });
  expect(examples).toHaveLength(added);
  expect(new Set(examples.map((o) => o.sectorKey)).size).toBe(5);
  expect(new Set(examples.map((o) => o.wardCode)).size).toBe(added);
  for (const o of examples) {
    expect(o.status).toBe("verified");
    expect(o.contactEmail).toMatch(/@example\.org$/);
    expect(o.commitments.length).toBeGreaterThan(0);
  }
  const commitments = examples.flatMap((o) => o.commitments);
  expect(new Set(commitments.map((c) => c.quality)).size).toBe(4);
  expect(commitments.filter((c) => c.reports.length > 0).length).toBeGreaterThan(0);
  expect(commitments.filter((c) => c.reports.length === 0).length).toBeGreaterThan(0);

  const after = await getTally();
  expect(after.organisations).toBe(await recountOrganisations());
  expect(after.organisations).toBe(before.organisations + added);
  expect(after.total).toBe(before.total + added);
  expect(after.residents).toBe(before.residents);
  expect(await prisma.emailMessage.count()).toBe(emailsBefore);
});

test("DEMO=0's clean-up removes the example organisations with their commitments and progress, and the tally drops by exactly them", async () => {
  const real = await createOrganisation("real-charity");
  await createCommitment(real.id, {
    quality: "values",
    title: "Pay the Real Living Wage",
    measure: "Everyone paid the Real Living Wage",
    targetKind: "yesno",
    targetDate: new Date("2027-06-01"),
  });
  const { organisations: added } = await seedExampleData();
  const before = await getTally();
  expect(before.organisations).toBe(added + 1);

  const removed = await removeExampleData();
  expect(removed.organisations).toBe(added);
  const after = await getTally();
  expect(after.organisations).toBe(before.organisations - added);
  expect(after.total).toBe(before.total - added - removed.pledges);
  expect(after.organisations).toBe(await recountOrganisations());
  expect(after.byQuality.values).toBe(1);
  expect(await prisma.organisation.findMany({ select: { slug: true } })).toEqual([{ slug: "real-charity" }]);
  const left = await prisma.commitment.findMany({ select: { organisationId: true }, distinct: ["organisationId"] });
  expect(left).toEqual([{ organisationId: real.id }]);
  expect(await prisma.progressReport.count()).toBe(0);
  expect(await removeExampleOrganisations()).toBe(0);
});
