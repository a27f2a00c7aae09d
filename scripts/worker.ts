/**
 * The queue worker as its own process: `npm run worker`. `npm start` runs one
 * for you; production can run as many as it likes on the same database.
 */
import { startWorker } from "~/jobs/worker.server";
import { prepareScriptEnvironment } from "./lib/session-secret";

// Without SESSION_SECRET, the embedded install's kept secret; then the whole environment, checked.
const environmentProblem = prepareScriptEnvironment();
if (environmentProblem) {
  console.error(environmentProblem);
  process.exit(1);
}

const stop = await startWorker();
console.log("worker started");
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    process.exit(0);
  });
}
