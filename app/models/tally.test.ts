import { beforeEach, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { getTally, rebuildTally, recordTallyChange, rollUpTally } from "./tally.server";

beforeEach(async () => {
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.pledge.deleteMany();
});

const ordsall = "E05013028";

test("many confirmations at once are all counted, by quality and ward, before and after roll-ups", async () => {
  const changes = Array.from({ length: 200 }, (_, i) => ({
    kind: i % 10 === 0 ? "organisation" : "resident",
    wardCode: ordsall,
    qualities: i % 2 ? ["values", "delivery"] : ["partnerships"],
  }));
  // Roll-ups race the writers: no change may be lost or counted twice.
  const rollups = Array.from({ length: 5 }, () => rollUpTally());
  await Promise.all([
    ...changes.map((change) => prisma.$transaction((tx) => recordTallyChange(tx, change, 1))),
    ...rollups,
  ]);
  const expected = { total: 200, residents: 180, organisations: 20 };
  expect(await getTally()).toMatchObject({ ...expected, byQuality: { values: 100, delivery: 100, partnerships: 100, operations: 0 } });
  await rollUpTally();
  expect(await prisma.tallyDelta.count()).toBe(0);
  const tally = await getTally();
  expect(tally).toMatchObject(expected);
  const ward = tally.byWard.find((w) => w.code === ordsall)!;
  expect(ward.pledges).toBe(200);
  expect(ward.perThousand).toBeCloseTo((200 / 10094) * 1000, 2);
  expect(tally.byWard).toHaveLength(20);
});

test("a withdrawal (-1) takes a pledge back out", async () => {
  const pledge = { kind: "resident", wardCode: ordsall, qualities: ["values"] };
  await prisma.$transaction((tx) => recordTallyChange(tx, pledge, 1));
  await rollUpTally();
  await prisma.$transaction((tx) => recordTallyChange(tx, pledge, -1));
  expect((await getTally()).total).toBe(0);
  expect((await getTally()).byQuality.values).toBe(0);
});

test("rebuilding from the pledges gives the same counts as counting as they came", async () => {
  const ward = await prisma.ward.findFirstOrThrow({ where: { code: ordsall } });
  await prisma.pledge.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      id: crypto.randomUUID(),
      name: "A",
      nameDisplay: "full",
      email: `${i}@example.org`,
      emailNormalised: `${i}@example.org`,
      postcode: "M5 4WT",
      wardCode: ward.code,
      qualities: ["operations"],
      commitment: `I will ${i}`,
      commitmentKey: `i will ${i}`,
      nudgeConsent: true,
      newsConsent: false,
      // Unconfirmed pledges never count.
      confirmedAt: i < 20 ? new Date() : null,
    })),
  });
  await rebuildTally();
  expect(await getTally()).toMatchObject({ total: 20, residents: 20, byQuality: { operations: 20 } });
});
