/**
 * `npm run email:drain`: sends everything the outbox holds now and exits
 * (the worker does this continuously). Used by the delivery tests and the
 * nudge benchmark as a worker they can start and kill. Prints "drained N".
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
