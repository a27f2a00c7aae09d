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
