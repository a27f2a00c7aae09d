/**
 * `npm run tally:check` against a real database, as an operator runs it: a
 * child process with no session secret, told only where the database is.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { confirmPledge } from "~/models/pledge-confirmation.server";
import { createPledge } from "~/models/pledge-signup.server";
import { rollUpTally } from "~/models/tally.server";
import { lookupPostcode } from "~/models/ward.server";
import { prisma } from "~/utils/db.server";
import { confirmTokenFor, validPledge } from "../tests/helpers";

const run = promisify(execFile);

function tallyCheck(...args: string[]) {
  // This test file's own database; nothing else from the environment, no SESSION_SECRET.
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production" as const,
    DATABASE_URL: process.env.DATABASE_URL!,
  };
  return run(process.execPath, ["--import", "tsx", "scripts/tally-check.ts", ...args], { env }).then(
    ({ stdout }) => ({ code: 0, output: stdout.trim() }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: `${error.stdout}${error.stderr}`.trim(),
    }),
  );
}

test("npm run tally:check says the tally matches a full recount, names the counter a corruption changed, and --repair repairs it", async () => {
  const place = lookupPostcode(validPledge.postcode);
  if (place.status !== "found") throw new Error("the test postcode is not in Salford");
  const { wardCode, postcode } = place.location;
  for (const email of ["ann@example.org", "bob@example.org"]) {
    await createPledge(
      { ...validPledge, email, qualities: ["values", "delivery"], nudgeConsent: "on", nameDisplay: "initial" },
      wardCode,
      postcode,
    );
    await confirmPledge(await confirmTokenFor(email));
  }
  // Some counters rolled up, one pending: both are compared.
  await rollUpTally();
  await createPledge(
    { ...validPledge, email: "cat@example.org", qualities: ["values"], nudgeConsent: "on", nameDisplay: "initial" },
    wardCode,
    postcode,
  );
  await confirmPledge(await confirmTokenFor("cat@example.org"));

  const matching = await tallyCheck();
  expect(matching).toEqual({
    code: 0,
    output: expect.stringMatching(
      /^tally matches a full recount: 3 pledges and 0 organisations counted, \d+ counters$/,
    ),
  });

  await prisma.tallyCounter.update({ where: { dimension: "quality:delivery" }, data: { count: 7 } });
  const corrupted = await tallyCheck();
  expect(corrupted.code).toBe(1);
  expect(corrupted.output).toMatch(
    /^tally differs from a full recount in 1 of \d+ counters:\n {2}quality:delivery: expected 2, stored 7\nrun `npm run tally:check -- --repair`/,
  );
  expect(await tallyCheck("--mend")).toEqual({ code: 2, output: "Usage: npm run tally:check [-- --repair]" });
  expect(await tallyCheck("--repair")).toMatchObject({
    code: 0,
    output: expect.stringMatching(/\nrepaired: every counter rebuilt from a full recount$/),
  });
  expect(await tallyCheck()).toMatchObject({
    code: 0,
    output: expect.stringMatching(/^tally matches a full recount: 3 pledges/),
  });
}, 180_000);
