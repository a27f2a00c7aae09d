/**
 * The standalone scripts on the embedded install: with SESSION_SECRET unset they
 * sign with the secret `npm start` keeps in DATA_DIR, so a nudge's links open on
 * the running site; without one they stop with what to set.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, expect, test } from "vitest";
import { storedSessionSecret } from "./lib/session-secret";

const run = promisify(execFile);
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "scripts-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function nudgesDue() {
  // This test file's own database, which like the embedded one is on 127.0.0.1.
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production" as const,
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL!,
  };
  return run(process.execPath, ["--import", "tsx", "scripts/nudges-due.ts", "--as-of", "2027-01-15T09:00:00Z"], {
    env,
  }).then(
    ({ stdout }) => ({ code: 0, output: stdout.trim() }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: `${error.stdout}${error.stderr}`.trim(),
    }),
  );
}

test("npm run nudges:due without SESSION_SECRET uses the embedded install's kept secret, and without one says what to set", async () => {
  const missing = await nudgesDue();
  expect(missing.code).toBe(1);
  expect(missing.output).toBe(
    `SESSION_SECRET must be set: there is no ${path.join(dataDir, "session-secret")} (set DATA_DIR to the one \`npm start\` uses, or SESSION_SECRET to the site's).`,
  );

  storedSessionSecret(dataDir);
  const ran = await nudgesDue();
  expect(ran).toEqual({
    code: 0,
    output: expect.stringMatching(
      /^queued \d+ nudge email\(s\) covering \d+ pledge\(s\), as of 2027-01-15T09:00:00.000Z$/,
    ),
  });
});
