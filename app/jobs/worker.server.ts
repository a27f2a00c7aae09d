import PgBoss from "pg-boss";
import { rollUpTally } from "~/models/tally.server";
import { disconnectDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { drainEmailOutbox } from "./email-outbox.server";
import { PURGE_UNCONFIRMED_CRON, PURGE_UNCONFIRMED_QUEUE, purgeUnconfirmedJob } from "./purge-unconfirmed.server";

const TALLY_ROLLUP_MS = 2000;

/**
 * The background worker: drains the email outbox, rolls up the tally and runs
 * scheduled jobs through pg-boss. Any number can run against one database.
 */
export async function startWorker() {
  const env = getEnv();
  const boss = new PgBoss({ connectionString: env.DATABASE_URL, max: 3 });
  boss.on("error", (error) => console.error("pg-boss:", error.message));
  await boss.start();
  await boss.createQueue(PURGE_UNCONFIRMED_QUEUE);
  await boss.schedule(PURGE_UNCONFIRMED_QUEUE, PURGE_UNCONFIRMED_CRON, {}, { tz: "Europe/London" });
  await boss.work(PURGE_UNCONFIRMED_QUEUE, purgeUnconfirmedJob);

  let stopped = false;
  const loops: Promise<void>[] = [];
  function every(ms: number, name: string, task: () => Promise<unknown>) {
    loops.push(
      (async () => {
        while (!stopped) {
          try {
            await task();
          } catch (error) {
            console.error(`${name} failed:`, (error as Error).message);
          }
          await new Promise((resolve) => setTimeout(resolve, ms));
        }
      })(),
    );
  }
  every(env.EMAIL_POLL_MS, "email outbox", () => drainEmailOutbox());
  every(TALLY_ROLLUP_MS, "tally roll-up", rollUpTally);

  return async function stopWorker() {
    stopped = true;
    await Promise.all(loops);
    await boss.stop({ graceful: true, timeout: 5000 });
    await disconnectDb();
  };
}
