import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { getEnv, resetEnvCache } from "~/utils/env.server";
import {
  prepareScriptEnvironment,
  readStoredSessionSecret,
  sessionSecretPath,
  storedSessionSecret,
} from "./session-secret";
import { NO_EMAIL_PROVIDER, SESSION_SECRET_WITH_DATABASE_URL, startProblems } from "./start-checks";

const saved = { ...process.env };
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "session-secret-"));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  process.env = { ...saved };
  resetEnvCache();
  vi.restoreAllMocks();
});

const modeOf = (file: string) => statSync(file).mode & 0o777;
const aSecret = "k".repeat(32);

test("the first embedded start makes a random secret readable by its owner only, and every later start reuses it", () => {
  const first = storedSessionSecret(path.join(dataDir, "not-yet-made"));
  expect(first.created).toBe(true);
  expect(first.secret.length).toBeGreaterThanOrEqual(32);
  const file = sessionSecretPath(path.join(dataDir, "not-yet-made"));
  expect(modeOf(file)).toBe(0o600);
  expect(readFileSync(file, "utf8").trim()).toBe(first.secret);

  const again = storedSessionSecret(path.join(dataDir, "not-yet-made"));
  expect(again).toEqual({ secret: first.secret, created: false });
  // Another data directory, another install: another secret.
  expect(storedSessionSecret(dataDir).secret).not.toBe(first.secret);
});

test("a kept secret that others can read is narrowed back to its owner when read", () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const { secret } = storedSessionSecret(dataDir);
  chmodSync(sessionSecretPath(dataDir), 0o644);
  expect(readStoredSessionSecret(dataDir)).toBe(secret);
  expect(modeOf(sessionSecretPath(dataDir))).toBe(0o600);
});

test("a kept secret file that was emptied is refused with what to do, not used", () => {
  writeFileSync(sessionSecretPath(dataDir), "\n", { mode: 0o600 });
  expect(() => storedSessionSecret(dataDir)).toThrow(/does not hold a usable secret: delete it and start again/);
});

test("npm start refuses a database of its own without SESSION_SECRET, or without a way to send email", () => {
  const database = { DATABASE_URL: "postgresql://app@db.example.org/salford" };
  expect(startProblems({ ...database, RESEND_API_KEY: "re_x" })).toEqual([SESSION_SECRET_WITH_DATABASE_URL]);
  expect(startProblems({ ...database, SESSION_SECRET: aSecret })).toEqual([NO_EMAIL_PROVIDER]);
  expect(startProblems({ ...database, SESSION_SECRET: aSecret, OUTBOX: "0" })).toEqual([NO_EMAIL_PROVIDER]);
  expect(startProblems(database)).toEqual([SESSION_SECRET_WITH_DATABASE_URL, NO_EMAIL_PROVIDER]);
  expect(startProblems({ ...database, SESSION_SECRET: aSecret, RESEND_API_KEY: "re_x" })).toEqual([]);
  expect(startProblems({ ...database, SESSION_SECRET: aSecret, OUTBOX: "1" })).toEqual([]);
  // The embedded install needs neither: it keeps a secret of its own and its outbox is local.
  expect(startProblems({})).toEqual([]);
  expect(startProblems({ SESSION_SECRET: "too short" })).toEqual([expect.stringMatching(/at least 32 characters/)]);
});

test("SESSION_SECRET is required, each secret in the list at least 32 characters, and never the value this project once published", () => {
  const problemWith = (value: string | undefined) => {
    if (value === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = value;
    resetEnvCache();
    try {
      getEnv();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  expect(problemWith(undefined)).toMatch(/SESSION_SECRET must be set: generate one with `openssl rand -base64 32`\./);
  expect(problemWith(" , ")).toMatch(/SESSION_SECRET must be set/);
  expect(problemWith(`${aSecret},short-old-one`)).toMatch(/at least 32 characters/);
  expect(problemWith("dev-only-session-secret-change-me")).toMatch(
    /development value published in this project's source/,
  );
  expect(problemWith(`${aSecret}, ${"o".repeat(40)}`)).toBeNull();
});

test("a script on the embedded database uses the kept secret when SESSION_SECRET is unset, and says what to set when there is none", () => {
  delete process.env.SESSION_SECRET;
  process.env.DATA_DIR = dataDir;
  process.env.DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:5433/salford";
  expect(prepareScriptEnvironment()).toMatch(
    /^SESSION_SECRET must be set: there is no .*session-secret \(set DATA_DIR/,
  );

  const { secret } = storedSessionSecret(dataDir);
  expect(prepareScriptEnvironment()).toBeNull();
  expect(getEnv().SESSION_SECRET).toBe(secret);

  // Another database's site has its own secret: the local file is not it.
  delete process.env.SESSION_SECRET;
  process.env.DATABASE_URL = "postgresql://app@db.example.org/salford";
  expect(prepareScriptEnvironment()).toMatch(/SESSION_SECRET must be set: generate one/);
});
