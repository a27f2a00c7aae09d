/**
 * `npm run email:drain`: sends everything the email queue holds now, waiting
 * out retries, and exits (the worker does this continuously). The delivery
 * tests and the nudge benchmark use it as a worker they can start and kill.
 */
import { drainEmailQueue } from "~/jobs/email-delivery.server";
import { countUnsentEmail } from "~/models/email-queue.server";
import { disconnectDb } from "~/utils/db.server";
import { prepareScriptEnvironment } from "./lib/session-secret";

// Without SESSION_SECRET, the embedded install's kept secret; then the whole environment, checked.
const environmentProblem = prepareScriptEnvironment();
if (environmentProblem) {
  console.error(environmentProblem);
  process.exit(1);
}

let total = 0;
for (;;) {
  total += await drainEmailQueue();
  if ((await countUnsentEmail()) === 0) break;
  // Waiting for a retry's backoff, or another worker's batch.
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await disconnectDb();
console.log(`drained ${total}`);
