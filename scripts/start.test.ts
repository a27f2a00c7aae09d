/**
 * `npm start` as an operator runs it: its refusals come at once, in one
 * sentence, before it starts a database or builds anything.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { NO_EMAIL_PROVIDER, SESSION_SECRET_WITH_DATABASE_URL } from "./lib/start-checks";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "start-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

// Generous for a loaded machine; a start that got as far as PostgreSQL or a build takes far longer.
const REFUSAL_MS = 5_000;

function start(env: Record<string, string>) {
  const began = performance.now();
  // Only what a shell would pass: none of the test run's own database or secret.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", DATA_DIR: dataDir, PORT: "3299", PG_PORT: "5499", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise<{ code: number | null; output: string; ms: number }>((resolve) =>
    child.once("exit", (code) => resolve({ code, output: output.trim(), ms: performance.now() - began })),
  );
}

// Nothing listens there: a start that tried to use it would fail differently, and later.
const DATABASE_URL = "postgresql://app:x@127.0.0.1:9/salford";

test("with DATABASE_URL and no SESSION_SECRET, npm start refuses at once in one sentence and starts nothing", async () => {
  const result = await start({ DATABASE_URL, RESEND_API_KEY: "re_test" });
  expect(result.code).toBe(1);
  expect(result.output).toBe(SESSION_SECRET_WITH_DATABASE_URL);
  expect(result.ms).toBeLessThan(REFUSAL_MS);
  expect(readdirSync(dataDir)).toEqual([]);
});

test("with DATABASE_URL and neither RESEND_API_KEY nor OUTBOX=1, npm start refuses at once in one sentence", async () => {
  const result = await start({ DATABASE_URL, SESSION_SECRET: "s".repeat(43) });
  expect(result.code).toBe(1);
  expect(result.output).toBe(NO_EMAIL_PROVIDER);
  expect(result.ms).toBeLessThan(REFUSAL_MS);
  expect(existsSync(path.join(dataDir, "postgres"))).toBe(false);
});
