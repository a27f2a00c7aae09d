/**
 * The pledge wall filtered to one ward is a count of that ward's pledges, so it
 * follows the ward figures' small-number rule: below 5 (after any quality
 * filter) neither the number nor the list is shown; from 5 both are.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { loaderArgs } from "../../tests/helpers";
import { prisma } from "~/utils/db.server";
import { loader as wallLoader } from "./pledges._index";

beforeEach(async () => {
  await prisma.pledge.deleteMany();
});

async function confirmedPledges(wardSlug: string, qualities: string[][]) {
  const ward = await prisma.ward.findFirstOrThrow({ where: { slug: wardSlug } });
  await prisma.pledge.createMany({
    data: qualities.map((q, i) => {
      const id = randomUUID();
      return {
        id,
        name: `Person ${i}`,
        nameDisplay: "full",
        email: `${id}@example.org`,
        emailNormalised: `${id}@example.org`,
        postcode: "M5 4WT",
        wardCode: ward.code,
        qualities: q,
        commitment: `I will do thing number ${i}`,
        commitmentKey: `i will do thing number ${i}`,
        nudgeConsent: true,
        newsConsent: false,
        confirmedAt: new Date(),
      };
    }),
  });
}

test("a ward with exactly 5 pledges lists them and says how many; with 4 it says only 'fewer than 5'", async () => {
  await confirmedPledges(
    "ordsall",
    Array.from({ length: 5 }, () => ["values"]),
  );
  await confirmedPledges(
    "eccles",
    Array.from({ length: 4 }, () => ["values"]),
  );

  const five = await wallLoader(loaderArgs("/pledges?ward=ordsall"));
  expect(five).toMatchObject({ fewerThan5: false, total: 5 });
  expect(five.pledges).toHaveLength(5);

  const four = await wallLoader(loaderArgs("/pledges?ward=eccles"));
  expect(four).toMatchObject({ fewerThan5: true, total: 0, pledges: [] });
  expect(JSON.stringify(four)).not.toContain("Person");
});

test("a quality filter that leaves a ward fewer than 5 pledges hides them, though the ward has more", async () => {
  await confirmedPledges("ordsall", [["values"], ["values"], ["values"], ["values"], ["delivery"], ["delivery"]]);
  expect(await wallLoader(loaderArgs("/pledges?ward=ordsall"))).toMatchObject({ fewerThan5: false, total: 6 });
  expect(await wallLoader(loaderArgs("/pledges?ward=ordsall&quality=values"))).toMatchObject({
    fewerThan5: true,
    total: 0,
    pledges: [],
  });
  // Without a ward the wall is the whole city's: the rule is for wards.
  expect(await wallLoader(loaderArgs("/pledges?quality=delivery"))).toMatchObject({ fewerThan5: false, total: 2 });
});
