/**
 * `npm start` as an operator runs it: every way it refuses ends in one
 * sentence that names the cause and the fix (scripts/lib/start-checks.ts),
 * never a stack trace; the refusals about the environment come before it
 * writes anything into DATA_DIR, starts a database or builds.
 * The ones that need root (a full disk, a read-only disk, a clone in root's
 * home) are in start-as-root.test.ts.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import pg from "pg";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { startEmbeddedDatabase } from "./lib/embedded-db";
import { embeddedInstallation } from "./lib/postgres-access";
import { runStart, STACK_LINE } from "./start-under-test";
import {
  databaseAlreadyRunning,
  databaseUnreachable,
  migrationEdited,
  dataDirNotWritable,
  NO_EMAIL_PROVIDER,
  otherMajorVersion,
  pgPortInUse,
  portInUse,
  SESSION_SECRET_WITH_DATABASE_URL,
} from "./lib/start-checks";

let dataDir: string;
const listeners: net.Server[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "start-"));
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dataDir, { recursive: true, force: true });
});

const PORT = 3170;
const PG_PORT = 5470;

function start(env: Record<string, string>) {
  return runStart({ DATA_DIR: dataDir, PORT: String(PORT), PG_PORT: String(PG_PORT), ...env });
}

function listen(port: number, host?: string) {
  const server = net.createServer();
  listeners.push(server);
  return new Promise<void>((resolve) => server.listen({ port, host }, resolve));
}

// Nothing listens there: a start that tried to use it would fail differently, and later.
const DATABASE_URL = "postgresql://app:x@127.0.0.1:9/salford";

test("with DATABASE_URL and no SESSION_SECRET, npm start refuses at once in one sentence and starts nothing", async () => {
  const result = await start({ DATABASE_URL, RESEND_API_KEY: "re_test" });
  expect(result.code).toBe(1);
  expect(result.output).toBe(SESSION_SECRET_WITH_DATABASE_URL);
  expect(readdirSync(dataDir)).toEqual([]);
});

test("with DATABASE_URL and neither RESEND_API_KEY nor OUTBOX=1, npm start refuses at once in one sentence", async () => {
  const result = await start({ DATABASE_URL, SESSION_SECRET: "s".repeat(43) });
  expect(result.code).toBe(1);
  expect(result.output).toBe(NO_EMAIL_PROVIDER);
  expect(existsSync(path.join(dataDir, "postgres"))).toBe(false);
});

test("with PORT taken by another program, npm start names the port and PORT, and starts nothing", async () => {
  await listen(PORT);
  const result = await start({});
  expect(result.code).toBe(1);
  expect(result.output).toBe(portInUse(PORT));
  expect(readdirSync(dataDir)).toEqual([]);
});

test("with PG_PORT taken by a program that is not its PostgreSQL, npm start names the port and PG_PORT, and starts nothing", async () => {
  await listen(PG_PORT, "127.0.0.1");
  const result = await start({});
  expect(result.code).toBe(1);
  expect(result.output).toBe(pgPortInUse(PG_PORT));
  expect(readdirSync(dataDir)).toEqual([]);
});

test("a second npm start on a DATA_DIR whose PostgreSQL is running says so, with its process, instead of calling the port someone else's", async () => {
  // mkdtemp's mode is 700: as root, PostgreSQL's own user must be able to look in.
  chmodSync(dataDir, 0o755);
  const clusterDir = path.join(dataDir, "postgres");
  const running = await startEmbeddedDatabase({ dataDir: clusterDir, port: PG_PORT });
  try {
    const pid = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const result = await start({});
    expect(result.code).toBe(1);
    expect(result.output).toBe(databaseAlreadyRunning(clusterDir, pid));
  } finally {
    await running.stop();
  }
});

test("a DATA_DIR under a file, which no one can make, is refused in one sentence naming it", async () => {
  writeFileSync(path.join(dataDir, "a-file"), "");
  const unwritable = path.join(dataDir, "a-file", "data");
  const result = await start({ DATA_DIR: unwritable });
  expect(result.code).toBe(1);
  expect(result.output).toBe(dataDirNotWritable(unwritable, "a part of that path is a file, not a directory"));
});

test("a data directory made by another PostgreSQL major version is refused with both versions and the way forward, and left as it was", async () => {
  const { major } = await embeddedInstallation();
  const older = String(Number(major) - 2);
  const clusterDir = path.join(dataDir, "postgres");
  mkdirSync(clusterDir);
  writeFileSync(path.join(clusterDir, "PG_VERSION"), `${older}\n`);
  // mkdtemp's mode is 700: as root, PostgreSQL's own user must be able to look in.
  chmodSync(dataDir, 0o755);
  const result = await start({});
  expect(result.code).toBe(1);
  expect(result.output).toContain(otherMajorVersion(clusterDir, older, major));
  expect(result.output).toMatch(/pg_upgrade/);
  expect(result.output).not.toMatch(STACK_LINE);
  expect(readFileSync(path.join(clusterDir, "PG_VERSION"), "utf8")).toBe(`${older}\n`);
  expect(readdirSync(clusterDir)).toEqual(["PG_VERSION"]);
});

test("a DATABASE_URL that does not answer ends the start in one sentence, not a stack trace", async () => {
  const result = await start({ DATABASE_URL, SESSION_SECRET: "s".repeat(43), OUTBOX: "1" });
  expect(result.code).toBe(1);
  expect(result.output.split("\n").at(-1)).toBe(databaseUnreachable("127.0.0.1:9", "ECONNREFUSED"));
  expect(result.output).not.toMatch(STACK_LINE);
});

test("a migration edited after the database applied it stops the start in one sentence that names it and the way out", async () => {
  // This file's own database (tests/setup), migrated: its record of the first migration no longer matches the file.
  const databaseUrl = process.env.DATABASE_URL!;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const first = await client.query<{ migration_name: string }>(
    `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64)
     WHERE migration_name = (SELECT min(migration_name) FROM "_prisma_migrations") RETURNING migration_name`,
  );
  await client.end();
  const result = await start({ DATABASE_URL: databaseUrl, SESSION_SECRET: "s".repeat(43), OUTBOX: "1" });
  expect(result.code).toBe(1);
  expect(result.output.split("\n").at(-1)).toBe(migrationEdited(first.rows[0]!.migration_name));
  expect(result.output).not.toMatch(STACK_LINE);
});
