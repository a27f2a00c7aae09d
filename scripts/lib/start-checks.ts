/**
 * What `npm start` refuses to start with, and how it says so: every reason it
 * stops is one sentence here that names the cause and the fix, never a stack
 * trace (docs/starting.md lists them). The environment checks run before
 * anything starts; the others translate what the embedded PostgreSQL, the
 * file system or the network said.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { GENERATE_SECRET, sessionSecretProblem } from "~/utils/env.server";

export const SESSION_SECRET_WITH_DATABASE_URL = `SESSION_SECRET must be set when DATABASE_URL is: ${GENERATE_SECRET}.`;
export const NO_EMAIL_PROVIDER =
  "Set RESEND_API_KEY to send email, or OUTBOX=1 to keep it in the local outbox (never on a public site).";

/** OUTBOX=1 (or true): the local outbox is served to every client, as env.server.ts reads it. */
export const outboxForEveryone = (env: Record<string, string | undefined>) =>
  env.OUTBOX === "1" || env.OUTBOX === "true";

export function startProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.SESSION_SECRET) {
    const problem = sessionSecretProblem(env.SESSION_SECRET);
    if (problem) problems.push(problem);
  } else if (env.DATABASE_URL) {
    // The embedded install keeps a generated secret in DATA_DIR; a database of
    // one's own usually serves several machines, which must share one secret.
    problems.push(SESSION_SECRET_WITH_DATABASE_URL);
  }
  // With a database of one's own this is a real site: email that silently
  // piles up in an outbox no one reads (or that anyone could read) is a fault.
  if (env.DATABASE_URL && !env.RESEND_API_KEY && !outboxForEveryone(env)) problems.push(NO_EMAIL_PROVIDER);
  return problems;
}

// ---- The sentences -------------------------------------------------------

/** A sentence for the operator, and what PostgreSQL said when that is the detail: printed as they are. */
export class StartRefusal extends Error {
  constructor(
    sentence: string,
    readonly detail = "",
  ) {
    super(sentence);
  }
}

export const portInUse = (port: number) =>
  `Port ${port} is already in use by another program: stop that program, or set PORT to a free port (for example PORT=${port + 1} npm start).`;

export const pgPortInUse = (port: number) =>
  `Port ${port}, where the embedded PostgreSQL listens, is already in use by another program: stop that program, or set PG_PORT to a free port (for example PG_PORT=${port + 1} npm start).`;

export const portNeedsRoot = (port: number, variable: "PORT" | "PG_PORT") =>
  `Port ${port} is below 1024, which only root may use: set ${variable} to a port above 1023 (and put a proxy in front for port 80 or 443).`;

export const databaseAlreadyRunning = (clusterDir: string, pid: number) =>
  `The embedded PostgreSQL in ${clusterDir} is already running (process ${pid}), most likely under another npm start: stop that one first, or give this one its own DATA_DIR and PG_PORT.`;

export const dataDirNotWritable = (dir: string, why: string) =>
  `DATA_DIR ${dir} cannot be written (${why}): set DATA_DIR to a directory this user can write.`;

export const diskFull = (dir: string) =>
  `The disk holding ${dir} is full: free some space on it, or set DATA_DIR to a directory on a disk with room.`;

export const otherMajorVersion = (clusterDir: string, found: string, running: string) =>
  `${clusterDir} holds a database made by PostgreSQL ${found}, and this install runs PostgreSQL ${running}, which cannot open it: upgrade it with pg_upgrade, or dump it with PostgreSQL ${found}'s pg_dump and restore that into a new DATA_DIR (docs/starting.md shows both).`;

export const notACluster = (clusterDir: string) =>
  `${clusterDir} is not empty but holds no PostgreSQL database: move its contents away, or set DATA_DIR to another directory.`;

export const postgresCannotReach = (user: string, dir: string, closed: string) =>
  `The embedded PostgreSQL runs as the user ${user} (PostgreSQL refuses to run as root), and ${user} cannot reach ${dir} because ${closed} is closed to it: set DATA_DIR to a directory it can reach (for example DATA_DIR=/srv/salford-social-value npm start), or open the way with chmod o+x ${closed}.`;

export const clusterLinkBroken = (link: string, target: string) =>
  `${link} points to ${target}, which no longer exists: restore that directory from a backup, or delete ${link} to start again with an empty database.`;

export const postgresUserNotMade = (user: string) =>
  `PostgreSQL refuses to run as root, and the user ${user} to run it as could not be made (useradd's message is above): create it with useradd --system ${user}, or run npm start as another user.`;

export const clusterLeftBehind = (target: string, clusterDir: string) =>
  `${target} holds the database of an earlier ${clusterDir}: link it back with ln -s ${target} ${clusterDir}, or delete ${target} to start with an empty database.`;

export const postgresDidNotStart = (clusterDir: string) =>
  `The embedded PostgreSQL in ${clusterDir} did not start (its messages are above).`;

export const postgresStopped = (how: string) =>
  `The embedded PostgreSQL stopped unexpectedly (${how}; its last messages, if any, are above), so npm start stops too.`;

export const processStopped = (name: string, how: string) =>
  `The ${name} stopped unexpectedly (${how}; its messages are above), so npm start stopped everything.`;

export const initdbFailed = (clusterDir: string) =>
  `The embedded PostgreSQL could not make a new database in ${clusterDir} (its messages are above).`;

export const databaseUnreachable = (where: string, code: string) =>
  `The database at ${where} (DATABASE_URL) does not answer (${code}): start it, or correct DATABASE_URL.`;

export const migrationEdited = (name: string) =>
  `Migration ${name} was edited after this database applied it: put back the version it applied (git log -p prisma/migrations/${name}) and write the change as a new migration (npm run db:diff).`;

export const migrationFailed = (name: string, message: string) =>
  `Migration ${name} failed and was rolled back (${oneLine(message)}): fix the migration or the database, then start again.`;

export const NO_BUILD = "There is no build in build/: run npm run build first (npm start builds it itself).";

export const BUILD_FAILED = "The build failed (its errors are above): fix them, then run npm start again.";

export const codeMissing = (message: string) =>
  `npm start could not load its own code (${oneLine(message)}): run npm install again.`;

/** Anything else: the error's own message as one sentence, without its stack. */
export const startFailed = (message: string) => `npm start stopped: ${oneLine(message).replace(/\.?$/, ".")}`;

const UNANSWERED = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"]);

/** The sentence for whatever ended a start: a refusal as it is, anything else by its message. */
export function sentenceFor(error: unknown): string {
  if (error instanceof StartRefusal) return error.message;
  const cause = (
    error instanceof AggregateError && error.errors.length ? error.errors[0] : error
  ) as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  if (cause?.code && UNANSWERED.has(cause.code) && (cause.address || cause.hostname))
    return databaseUnreachable(cause.address ? `${cause.address}:${cause.port}` : cause.hostname!, cause.code);
  return startFailed(messageOf(error));
}

function messageOf(error: unknown): string {
  // A connection refused on every address of a name (localhost) is an AggregateError without a message of its own.
  if (error instanceof AggregateError && !error.message && error.errors.length) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function oneLine(message: string) {
  return message.split("\n")[0]!.trim();
}

// ---- Checks before anything starts --------------------------------------

/** Why a file system call failed, in words (an errno code otherwise). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOTDIR":
    case "EEXIST":
      return "a part of that path is a file, not a directory";
    case "EROFS":
      return "it is on a read-only file system";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "the disk is full";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The sentence for a failed write into DATA_DIR (the session secret, a directory). */
export function dataDirWriteProblem(dir: string, error: unknown): string {
  return (error as NodeJS.ErrnoException).code === "ENOSPC"
    ? diskFull(dir)
    : dataDirNotWritable(dir, fileProblem(error));
}

/** DATA_DIR exists (made if missing) and this user can write into it, or why not. */
export function dataDirProblem(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (error) {
    return dataDirWriteProblem(dir, error);
  }
}

/** Whether the port is free to listen on (on `host`, or every address when omitted), taken by another program, or closed to this user. */
export function probePort(port: number, host?: string): Promise<"free" | "taken" | "privileged"> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve("taken");
      else if (error.code === "EACCES") resolve("privileged");
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve("free")));
  });
}

/** The embedded PostgreSQL already running in `clusterDir` on `port`: its process id, from its postmaster.pid. */
export function runningPostgres(clusterDir: string, port: number): number | null {
  const file = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(file)) return null;
  // Line 1: the process id; line 4: the port (PostgreSQL's pidfile.h).
  const lines = readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || Number(lines[3]) !== port) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

/** PORT and, for the embedded database, PG_PORT are free, or the sentence saying which is not. */
export async function portProblems(options: { port: number; pgPort?: number; clusterDir: string }): Promise<string[]> {
  const problems: string[] = [];
  const web = await probePort(options.port);
  if (web === "taken") problems.push(portInUse(options.port));
  if (web === "privileged") problems.push(portNeedsRoot(options.port, "PORT"));
  if (options.pgPort === undefined) return problems;
  const database = await probePort(options.pgPort, "127.0.0.1");
  if (database === "privileged") problems.push(portNeedsRoot(options.pgPort, "PG_PORT"));
  if (database === "taken") {
    const pid = runningPostgres(options.clusterDir, options.pgPort);
    problems.push(pid ? databaseAlreadyRunning(options.clusterDir, pid) : pgPortInUse(options.pgPort));
  }
  return problems;
}

// ---- What PostgreSQL said ------------------------------------------------

/** The sentence for what initdb or postgres wrote before giving up, when it is one we know. */
export function postgresProblem(output: string, options: { clusterDir: string; port: number }): string | null {
  if (/No space left on device/i.test(output)) return diskFull(options.clusterDir);
  const lock = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(output);
  if (lock) return databaseAlreadyRunning(options.clusterDir, Number(lock[1]));
  if (/could not bind .*Address already in use/i.test(output)) return pgPortInUse(options.port);
  const version = /initialized by PostgreSQL version (\S+), which is not compatible with this version (\d+)/.exec(
    output,
  );
  if (version) return otherMajorVersion(options.clusterDir, version[1]!, version[2]!);
  if (/exists but is not empty/.test(output)) return notACluster(options.clusterDir);
  if (/Read-only file system/i.test(output))
    return dataDirNotWritable(options.clusterDir, "it is on a read-only file system");
  return null;
}
