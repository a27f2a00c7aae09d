/**
 * `npm run email:drain`: sends everything the outbox holds now, waiting out
 * retries, and exits (the worker does this continuously). The delivery tests
 * and the nudge benchmark use it as a worker they can start and kill.
 */
import { drainEmailOutbox } from "~/jobs/email-outbox.server";
import { disconnectDb, getPool } from "~/utils/db.server";
import { prepareScriptEnvironment } from "./lib/session-secret";

// Without SESSION_SECRET, the embedded install's kept secret; then the whole environment, checked.
const environmentProblem = prepareScriptEnvironment();
if (environmentProblem) {
  console.error(environmentProblem);
  process.exit(1);
}

let total = 0;
for (;;) {
  total += await drainEmailOutbox();
  const { rows } = await getPool().query<{ left: number }>(
    "SELECT count(*)::int AS left FROM email_message WHERE status IN ('queued', 'sending')",
  );
  if (rows[0]!.left === 0) break;
  // Waiting for a retry's backoff, or another worker's batch.
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await disconnectDb();
console.log(`drained ${total}`);
