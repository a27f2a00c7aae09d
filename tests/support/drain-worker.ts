/**
 * A worker process for the delivery tests: drains the outbox until it is
 * empty (or until it is killed), using DATABASE_URL and RESEND_BASE_URL from
 * its environment. Prints "drained N" at the end.
 */
import { drainEmailOutbox } from "~/jobs/email-outbox.server";
import { disconnectDb } from "~/utils/db.server";

let total = 0;
for (;;) {
  const handled = await drainEmailOutbox();
  total += handled;
  if (handled === 0) break;
}
await disconnectDb();
console.log(`drained ${total}`);
