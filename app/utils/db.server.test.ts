import { expect, test } from "vitest";
import { SLOW_QUERY_SHOWN, slowQueryText } from "./db.server";

test("the slow-query log shows a seed's 16,000-placeholder insert as one readable line, not the whole statement", () => {
  const placeholders = Array.from(
    { length: 4000 },
    (_, i) => `($${4 * i + 1},$${4 * i + 2},$${4 * i + 3},$${4 * i + 4})`,
  );
  const statement = `INSERT INTO "public"."pledge"\n  ("id","name","email","postcode") VALUES ${placeholders.join(",")}`;
  const shown = slowQueryText(statement);
  expect(shown.length).toBe(SLOW_QUERY_SHOWN);
  expect(shown).toMatch(/^INSERT INTO "public"\."pledge" \("id","name","email","postcode"\) VALUES \(\$1,\$2/);
  expect(shown.endsWith("…")).toBe(true);
  expect(shown).not.toContain("\n");
});

test("a short statement is shown whole", () => {
  expect(slowQueryText("SELECT 1")).toBe("SELECT 1");
});

test("a transaction waits for a connection while a burst holds every one, instead of failing after Prisma's 2 s", async () => {
  const { getPool, prisma } = await import("./db.server");
  const pool = getPool();
  // Take every connection the pool has, and give them back after 3 seconds.
  const held = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
  let released = false;
  const releaseAll = () => {
    if (!released) held.forEach((client) => client.release());
    released = true;
  };
  const release = setTimeout(releaseAll, 3_000);
  try {
    const started = Date.now();
    const answer = await prisma.$transaction(async (tx) => tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`);
    expect(answer).toEqual([{ one: 1 }]);
    // It did wait for a connection: the test holds them long enough to matter.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  } finally {
    clearTimeout(release);
    releaseAll();
  }
});
