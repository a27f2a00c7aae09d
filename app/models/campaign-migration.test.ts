/**
 * The campaigns migration back-fills the tally's new counters (organisations
 * by sector, pledges by day) for what an existing site had already counted,
 * so a site upgraded with pledges in it passes `npm run tally:check`.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { createCommitment, createOrganisation } from "../../tests/accounts";
import { createConfirmedPledge } from "../../tests/helpers";
import { getPool, prisma } from "~/utils/db.server";
import { checkTally, rebuildTally } from "./tally.server";

const migration = readFileSync(
  new URL("../../prisma/migrations/20261128130000_campaigns/migration.sql", import.meta.url),
  "utf8",
);
const backfill = migration.slice(migration.indexOf("-- The tally's new counters"));

test("after the campaigns migration an existing site's counters equal a full recount, sectors and days included", async () => {
  expect(backfill).toMatch(/^-- The tally's new counters/);
  // A site as it was before: confirmed pledges on two days (one withdrawn), a verified organisation
  // with an active commitment, a pending one; counted by the rule of the time (no sector or day counters).
  await createConfirmedPledge({
    name: "A",
    email: "a@example.org",
    commitment: "First",
    confirmedAt: new Date("2026-10-01T23:30:00Z"),
  });
  await createConfirmedPledge({
    name: "B",
    email: "b@example.org",
    commitment: "Second",
    confirmedAt: new Date("2026-10-02T10:00:00Z"),
  });
  const withdrawn = await createConfirmedPledge({ name: "C", email: "c@example.org", commitment: "Third" });
  await prisma.pledge.update({ where: { id: withdrawn.id }, data: { withdrawnAt: new Date() } });
  const verified = await createOrganisation("backfill-verified");
  await createCommitment(verified.id);
  await createOrganisation("backfill-pending", "pending");
  await rebuildTally();
  await prisma.$executeRaw`DELETE FROM tally_counter WHERE dimension LIKE 'sector:%' OR dimension LIKE 'day:%'`;
  await prisma.$executeRaw`UPDATE organisation SET tally_contribution = tally_contribution - 'sector'`;
  expect((await checkTally()).differences.map((d) => d.dimension).sort()).toEqual([
    // 23:30 UTC on 1 October is 00:30 on the 2nd in Salford (summer time): both count on the 2nd.
    "day:2026-10-02",
    "sector:charity",
  ]);

  await getPool().query(backfill);
  expect((await checkTally()).differences).toEqual([]);
  // What the organisation adds now names its sector, so its next change writes the right difference.
  const contributions = await prisma.organisation.findMany({ select: { slug: true, tallyContribution: true } });
  expect(Object.fromEntries(contributions.map((o) => [o.slug, o.tallyContribution]))).toEqual({
    "backfill-verified": { counted: true, qualities: ["values"], sector: "charity" },
    "backfill-pending": { counted: false, qualities: [] },
  });
});
