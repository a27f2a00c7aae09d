import { beforeEach, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { suppress, unsubscribe } from "./email-preferences.server";

beforeEach(async () => {
  await prisma.emailPreference.deleteMany();
  await prisma.emailSuppression.deleteMany();
});

// Several rounds: the first also opens the pool's connections, which spreads
// its calls out; the later ones arrive together, as on a running site.
const ROUNDS = 5;

test("twenty one-click unsubscribes for one address at once all succeed and leave one unsubscription", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => unsubscribe(`racer-${round}@example.org`, "nudges")),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  }
  const rows = await prisma.emailPreference.findMany({ orderBy: { emailNormalised: "asc" } });
  expect(rows.map((r) => [r.emailNormalised, r.category])).toEqual(
    Array.from({ length: ROUNDS }, (_, round) => [`racer-${round}@example.org`, "nudges"]),
  );
});

test("unsubscribing again from a category already stopped changes nothing and does not fail", async () => {
  await unsubscribe("twice@example.org", "news");
  const first = await prisma.emailPreference.findFirstOrThrow();
  await unsubscribe("twice@example.org", "news");
  expect(await prisma.emailPreference.findMany()).toEqual([first]);
});

test("twenty bounce reports for one address at once all succeed and leave one suppression, with the latest reason", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => suppress(`Bouncy-${round}@Example.org`, "bounce")),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  }
  await suppress("bouncy-0@example.org", "complaint");
  expect(
    (await prisma.emailSuppression.findMany({ orderBy: { emailNormalised: "asc" } })).map((s) => [
      s.emailNormalised,
      s.reason,
    ]),
  ).toEqual(
    Array.from({ length: ROUNDS }, (_, round) => [`bouncy-${round}@example.org`, round === 0 ? "complaint" : "bounce"]),
  );
});
