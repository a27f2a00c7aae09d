import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import type { PledgeSubmission } from "./pledge";
import { createPledge } from "./pledge-signup.server";
import { lookupPostcode } from "./ward.server";

function submission(i: number, name: string): PledgeSubmission {
  return {
    name,
    email: `batch-${i}@example.org`,
    postcode: "M5 4WT",
    qualities: ["values"],
    suggestion: "values-respect",
    nameDisplay: "initial",
    nudgeConsent: "on",
  };
}

test("a row PostgreSQL refuses fails alone: the pledges batched with it are stored and their callers succeed", async () => {
  const place = lookupPostcode("M5 4WT");
  if (place.status !== "found") throw new Error("test postcode not found");
  // Bypasses the schema on purpose: a NUL is what PostgreSQL refuses in text (22021).
  const names = Array.from({ length: 11 }, (_, i) => (i === 5 ? "Bad\u0000Name" : `Person ${i}`));
  // Started together, so they share a batch (the first goes at once, the other ten together).
  const results = await Promise.allSettled(
    names.map((name, i) => createPledge(submission(i, name), place.location.wardCode, place.location.postcode)),
  );

  expect(results.map((r) => r.status)).toEqual(names.map((_, i) => (i === 5 ? "rejected" : "fulfilled")));
  for (const [i, result] of results.entries())
    if (i !== 5) expect(result).toEqual({ status: "fulfilled", value: { queued: true } });
  const stored = await prisma.pledge.findMany({
    where: { email: { startsWith: "batch-" } },
    orderBy: { email: "asc" },
  });
  expect(stored.map((p) => p.name).sort()).toEqual(names.filter((_, i) => i !== 5).sort());
  const emails = await prisma.emailMessage.count({
    where: { template: "confirm-pledge", toAddress: { startsWith: "batch-" } },
  });
  expect(emails).toBe(10);
});
