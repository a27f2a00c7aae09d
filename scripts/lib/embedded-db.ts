import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { StartRefusal } from "./start-checks";

export type EmbeddedDatabase = {
  /** Server URL without a database name (append one). */
  serverUrl: string;
  /** True when this start initialised a new, empty cluster. */
  created: boolean;
  stop: () => Promise<void>;
  /** Settles, with the sentence saying so, if the database ends without being told to stop. */
  stoppedUnexpectedly: Promise<string>;
};

const processScript = fileURLToPath(new URL("../embedded-db-process.ts", import.meta.url));

/**
 * Starts the embedded PostgreSQL in a child process and waits until it answers.
 * When it cannot, rejects with a StartRefusal: one sentence naming the cause and the fix.
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  password?: string;
}): Promise<EmbeddedDatabase> {
  const password = options.password ?? "postgres";
  const child = fork(processScript, [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      PG_DATA_DIR: options.dataDir,
      PG_PORT: String(options.port),
      PG_PASSWORD: password,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Its own process group: a Ctrl-C or a SIGTERM to ours must not reach
    // PostgreSQL before the web server and worker have let go of it. It stops
    // when told, or when we vanish (see embedded-db-process.ts).
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let problemAfterReady: (problem: string) => void = () => {};
  const stoppedUnexpectedly = new Promise<string>((resolve) => (problemAfterReady = resolve));
  const created = await new Promise<boolean>((resolve, reject) => {
    child.on("message", (message: { ready?: boolean; created?: boolean; problem?: string }) => {
      if (message.ready) resolve(Boolean(message.created));
      // One sentence from scripts/lib/start-checks.ts; PostgreSQL's own lines, if any, are already printed.
      if (message.problem) {
        reject(new StartRefusal(message.problem));
        problemAfterReady(message.problem);
      }
    });
    void exited.then((code) => reject(new Error(`embedded PostgreSQL exited with code ${code} before it was ready`)));
  });
  const serverUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  return {
    serverUrl,
    created,
    stoppedUnexpectedly,
    stop: async () => {
      if (child.exitCode !== null) return;
      // A clean shutdown; a SIGKILL would force crash recovery at the next start.
      child.send("stop");
      await exited;
    },
  };
}

/** Creates the database if it does not exist yet. Returns true when it did. */
export async function ensureDatabase(serverUrl: string, name: string) {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}
