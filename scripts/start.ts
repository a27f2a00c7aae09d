/**
 * `npm start`: the whole platform on one machine.
 * Without DATABASE_URL it starts the embedded PostgreSQL (data in DATA_DIR,
 * default ./data, port PG_PORT); with it, it uses that database and starts none.
 * Then: migrations, reference data, example pledges (new embedded database
 * only), a build if the sources changed, the web server and the worker.
 * The embedded install signs with a secret it makes once and keeps in
 * $DATA_DIR/session-secret; with DATABASE_URL it needs SESSION_SECRET, and
 * RESEND_API_KEY or OUTBOX=1 (scripts/lib/start-checks.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { EmbeddedDatabase } from "./lib/embedded-db";
import { dataDirOf, sessionSecretPath, storedSessionSecret } from "./lib/session-secret";
import { isLoopbackUrl } from "~/utils/loopback";
import {
  codeMissing,
  dataDirProblem,
  dataDirWriteProblem,
  outboxForEveryone,
  portProblems,
  processStopped,
  sentenceFor,
  startProblems,
} from "./lib/start-checks";

process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);
const pgPort = Number(process.env.PG_PORT ?? 5433);
process.env.APP_URL ??= `http://localhost:${port}`;

const children: ChildProcess[] = [];
let database: EmbeddedDatabase | undefined;
let stopping = false;

// Every way this start can end early ends in one sentence (scripts/lib/start-checks.ts), never a stack trace.
function refuse(problems: string[]): never {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
process.on("uncaughtException", (error) => void stop(1, sentenceFor(error)));
process.on("unhandledRejection", (error) => void stop(1, sentenceFor(error)));

// Refuse before starting anything (no database, no build), in one sentence each.
const problems = startProblems(process.env);
if (problems.length) refuse(problems);
const dataDir = dataDirOf(process.env);
const embedded = !process.env.DATABASE_URL;
if (embedded || !process.env.SESSION_SECRET) {
  // DATA_DIR keeps the embedded database and the kept session secret.
  const problem = dataDirProblem(dataDir);
  if (problem) refuse([problem]);
}
const taken = await portProblems({
  port,
  pgPort: embedded ? pgPort : undefined,
  clusterDir: path.join(dataDir, "postgres"),
});
if (taken.length) refuse(taken);
if (!process.env.SESSION_SECRET) {
  // The embedded install: a secret of its own, kept so links survive restarts.
  try {
    const { secret, created } = storedSessionSecret(dataDir);
    process.env.SESSION_SECRET = secret;
    if (created)
      console.log(`made a session secret in ${sessionSecretPath(dataDir)} (keep it: it signs the links in emails)`);
  } catch (error) {
    // Not a file system error: the kept secret is unusable, and the message says what to do.
    refuse([(error as NodeJS.ErrnoException).code ? dataDirWriteProblem(dataDir, error) : (error as Error).message]);
  }
}

// Loaded only once the checks pass, so a refusal is immediate.
let modules;
try {
  modules = await Promise.all([
    import("./lib/embedded-db"),
    import("./lib/build"),
    import("./lib/migrate"),
    import("./lib/seed"),
  ]);
} catch (error) {
  // A half-finished npm install (no generated Prisma client, a missing package); anything else by its message.
  const missing = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND";
  refuse([missing ? codeMissing((error as Error).message) : sentenceFor(error)]);
}
const [{ ensureDatabase, startEmbeddedDatabase }, { buildIfNeeded }, { migrate }, { seed }] = modules;

/** Stops everything in order; `last`, when given, is the one sentence saying why, printed after all else. */
async function stop(code = 0, last?: string) {
  if (stopping) return;
  stopping = true;
  if (!last) console.log("stopping…");
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  await database?.stop();
  if (last) console.error(last);
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

function run(name: string, args: string[]) {
  const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env });
  child.once("exit", (code, signal) => {
    if (!stopping) void stop(1, processStopped(name, String(signal ?? code)));
  });
  children.push(child);
}

try {
  let newDatabase = false;
  if (!process.env.DATABASE_URL) {
    database = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "postgres"), port: pgPort });
    void database.stoppedUnexpectedly.then((problem) => stop(1, problem));
    newDatabase = (await ensureDatabase(database.serverUrl, "salford")) || database.created;
    process.env.DATABASE_URL = `${database.serverUrl}/salford`;
    console.log(`embedded PostgreSQL ${database.created ? "created" : "started"} in ${dataDir}`);
  }
  await migrate(process.env.DATABASE_URL, console.log);
  await seed({ newDatabase });
  await buildIfNeeded();

  run("web server", ["--import", "tsx", "server/index.ts"]);
  if (process.env.WORKER !== "0") run("worker", ["--import", "tsx", "scripts/worker.ts"]);
  console.log(`\nSalford Social Value City is running at ${process.env.APP_URL}`);
  if (!process.env.RESEND_API_KEY) {
    if (isLoopbackUrl(process.env.APP_URL) || outboxForEveryone(process.env))
      console.log(`Emails go to the local outbox: ${process.env.APP_URL}/dev/outbox`);
    // The outbox answers only a localhost site's own machine (docs/security.md).
    else
      console.warn(
        "Emails are kept, not sent: set RESEND_API_KEY to send them (the local outbox is not served on a public address).",
      );
  }
  console.log("");
} catch (error) {
  // The detail (PostgreSQL's messages, the build's errors) is above; this is the sentence.
  await stop(1, sentenceFor(error));
}
