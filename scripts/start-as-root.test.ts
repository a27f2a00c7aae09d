/**
 * `npm start` where it needs root to be tried for real: a disk that is full or
 * read-only (a tmpfs mounted for the test), and a clone in a directory only
 * root can enter (root's home, mode 700), where PostgreSQL, which refuses to
 * run as root and so runs as the user postgres, can reach neither its binaries
 * nor DATA_DIR. CI runs as root.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  writeFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, expect, test } from "vitest";
import { startEmbeddedDatabase } from "./lib/embedded-db";
import { embeddedInstallation, postgresRunAs, REACHABLE_BASE, reachableBinaries } from "./lib/postgres-access";
import { dataDirNotWritable, diskFull, postgresCannotReach } from "./lib/start-checks";
import { runStart, STACK_LINE } from "./start-under-test";

let scratch: string;
const mounts: string[] = [];
const elsewhere: string[] = [];
beforeEach(() => {
  expect(process.getuid?.(), "these tests mount file systems and act as root, as CI does").toBe(0);
  scratch = mkdtempSync(path.join(tmpdir(), "start-root-"));
});
afterEach(() => {
  for (const mount of mounts.splice(0)) spawnSync("umount", [mount]);
  for (const dir of elsewhere.splice(0)) rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** A tmpfs at `dir` (made), with the mount options given: a disk of the size we choose, or one that cannot be written. */
function mountTmpfs(dir: string, options: string) {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `${options},mode=0755`, "tmpfs", dir], { encoding: "utf8" });
  expect(mounted.stderr).toBe("");
  mounts.push(dir);
}

const env = { PORT: "3176", PG_PORT: "5476" };

test("on a full disk, npm start says the disk holding the database is full and what to do, not what initdb printed", async () => {
  chmodSync(scratch, 0o755);
  const full = path.join(scratch, "full");
  // Room for the session secret, none for a database.
  mountTmpfs(full, "size=1m");
  const result = await runStart({ ...env, DATA_DIR: full });
  expect(result.code).toBe(1);
  expect(result.output.split("\n").at(-1)).toBe(diskFull(path.join(full, "postgres")));
  expect(result.output).not.toMatch(STACK_LINE);
});

test("a DATA_DIR on a read-only disk is refused at once in one sentence naming it", async () => {
  const readOnly = path.join(scratch, "read-only");
  mountTmpfs(readOnly, "ro");
  const result = await runStart({ ...env, DATA_DIR: readOnly });
  expect(result.code).toBe(1);
  expect(result.output).toBe(dataDirNotWritable(readOnly, "it is on a read-only file system"));
});

test("a DATA_DIR that the user postgres cannot reach (where an earlier start failed) still gets a database, kept where it can, found again at the next start", async () => {
  const runAs = postgresRunAs()!;
  // Root's home: only root can pass.
  const home = path.join(scratch, "home");
  mkdirSync(home, { mode: 0o700 });
  const clusterDir = path.join(home, "data", "postgres");
  // What a start that failed there (spawn initdb EACCES) left behind: an empty directory owned by postgres.
  mkdirSync(clusterDir, { recursive: true });
  chownSync(clusterDir, runAs.uid, runAs.gid);
  expect(spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", home], { uid: runAs.uid, gid: runAs.gid }).status).not.toBe(
    0,
  );

  const first = await startEmbeddedDatabase({ dataDir: clusterDir, port: 5477 });
  const kept = readlinkSync(clusterDir);
  elsewhere.push(kept);
  try {
    expect(first.created).toBe(true);
    expect(lstatSync(clusterDir).isSymbolicLink()).toBe(true);
    expect(path.dirname(kept)).toBe(REACHABLE_BASE);
    expect(statSync(kept).uid).toBe(runAs.uid);
    const client = new pg.Client({ connectionString: `${first.serverUrl}/postgres` });
    await client.connect();
    await client.query("CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    await client.end();
  } finally {
    await first.stop();
  }

  const second = await startEmbeddedDatabase({ dataDir: clusterDir, port: 5477 });
  try {
    expect(second.created).toBe(false);
    const client = new pg.Client({ connectionString: `${second.serverUrl}/postgres` });
    await client.connect();
    expect((await client.query("SELECT n FROM kept")).rows).toEqual([{ n: 42 }]);
    await client.end();
  } finally {
    await second.stop();
  }
});

test("a database that already exists where the user postgres cannot reach is not moved: the start names the closed directory and the fixes", async () => {
  const runAs = postgresRunAs()!;
  chmodSync(scratch, 0o755);
  // The one directory on the way that is closed, which the sentence must name.
  const home = path.join(scratch, "home");
  mkdirSync(home, { mode: 0o700 });
  const clusterDir = path.join(home, "data", "postgres");
  mkdirSync(clusterDir, { recursive: true });
  writeFileSync(path.join(clusterDir, "PG_VERSION"), "18\n");
  await expect(startEmbeddedDatabase({ dataDir: clusterDir, port: 5478 })).rejects.toThrow(
    postgresCannotReach(runAs.user, clusterDir, home),
  );
  expect(lstatSync(clusterDir).isDirectory()).toBe(true);
});

test("binaries the user postgres cannot reach are run from a copy it can, which finds its own libraries", async () => {
  const runAs = postgresRunAs()!;
  const { nativeDir, version } = await embeddedInstallation();
  const home = path.join(scratch, "home");
  mkdirSync(home, { mode: 0o700 });
  const unreachable = path.join(home, "native");
  cpSync(nativeDir, unreachable, { recursive: true, verbatimSymlinks: true });
  const asPostgres = (binary: string) =>
    spawnSync(binary, ["--version"], { uid: runAs.uid, gid: runAs.gid, encoding: "utf8" });
  expect(asPostgres(path.join(unreachable, "bin", "postgres")).error).toMatchObject({ code: "EACCES" });

  chmodSync(scratch, 0o755);
  const base = path.join(scratch, "reachable");
  const copy = reachableBinaries(unreachable, version, runAs, base);
  expect(copy).toBe(path.join(base, `postgresql-${version}`));
  for (const binary of ["postgres", "initdb"])
    expect(asPostgres(path.join(copy, "bin", binary)).stdout).toMatch(/\(PostgreSQL\) \d+/);
  // Once: the next start uses the copy it made.
  expect(reachableBinaries(unreachable, version, runAs, base)).toBe(copy);
});
