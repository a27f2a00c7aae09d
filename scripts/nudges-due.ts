/**
 * `npm run nudges:due -- --as-of 2027-01-15T09:00:00Z`: queues every nudge due
 * at that moment (default: now). Operators use it to catch up; tests and
 * benchmarks use it to move time. The worker sends what it queues.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { queueDueNudges } from "~/models/nudge.server";
import { disconnectDb } from "~/utils/db.server";
import { prepareScriptEnvironment } from "./lib/session-secret";

const { values } = parseArgs({ options: { "as-of": { type: "string" } } });
const asOf = z.coerce
  .date({ errorMap: () => ({ message: "--as-of must be an ISO date, like 2027-01-15T09:00:00Z" }) })
  .safeParse(values["as-of"] ?? new Date());
if (!asOf.success) {
  console.error(asOf.error.issues[0]!.message);
  process.exit(1);
}
if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL (while npm start runs: postgresql://postgres:postgres@127.0.0.1:5433/salford).");
  process.exit(1);
}
// Without SESSION_SECRET, the embedded install's kept secret; then the whole environment, checked.
const environmentProblem = prepareScriptEnvironment();
if (environmentProblem) {
  console.error(environmentProblem);
  process.exit(1);
}
const result = await queueDueNudges(asOf.data);
await disconnectDb();
console.log(
  result.busy
    ? "another nudge run is in progress; nothing queued"
    : `queued ${result.emails} nudge email(s) covering ${result.pledges} pledge(s), as of ${asOf.data.toISOString()}`,
);
