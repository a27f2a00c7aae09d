import PgBoss from "pg-boss";
import { queueOrganisationDigests } from "~/models/digest.server";
import { queueDueNudges } from "~/models/nudge.server";
import { processConfirmationResends } from "~/models/pledge-confirmation.server";
import { rollUpTally } from "~/models/tally.server";
import { disconnectDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { drainEmailOutbox } from "./email-outbox.server";
import { PURGE_UNCONFIRMED_CRON, PURGE_UNCONFIRMED_QUEUE, purgeUnconfirmedJob } from "./purge-unconfirmed.server";
import { logger } from "~/utils/logger.server";

const TALLY_ROLLUP_MS = 2000;

/**
 * The background worker: drains the email outbox, rolls up the tally and runs
 * scheduled jobs through pg-boss. Any number can run against one database.
 */
export async function startWorker() {
  const env = getEnv();
  const boss = new PgBoss({ connectionString: env.DATABASE_URL, max: 3 });
  boss.on("error", (error) => logger.error({ err: error.message }, "pg-boss"));
  await boss.start();
  await boss.createQueue(PURGE_UNCONFIRMED_QUEUE);
  await boss.schedule(PURGE_UNCONFIRMED_QUEUE, PURGE_UNCONFIRMED_CRON, {}, { tz: "Europe/London" });
  await boss.work(PURGE_UNCONFIRMED_QUEUE, purgeUnconfirmedJob);
  // Nudges hourly (each person at most weekly); the organisation digest on the 1st of each month.
  await boss.createQueue("queue-due-nudges");
  await boss.schedule("queue-due-nudges", "23 * * * *", {}, { tz: "Europe/London" });
  await boss.work("queue-due-nudges", async () => {
    const result = await queueDueNudges(new Date());
    if (result.emails) logger.info({ emails: result.emails, pledges: result.pledges }, "queued nudges");
  });
  await boss.createQueue("organisation-digest");
  await boss.schedule("organisation-digest", "0 9 1 * *", {}, { tz: "Europe/London" });
  await boss.work("organisation-digest", async () => {
    const queued = await queueOrganisationDigests(new Date());
    if (queued) logger.info({ digests: queued }, "queued organisation digests");
  });

  let stopped = false;
  const loops: Promise<void>[] = [];
  function every(ms: number, name: string, task: () => Promise<unknown>) {
    loops.push(
      (async () => {
        while (!stopped) {
          try {
            await task();
          } catch (error) {
            logger.error({ err: (error as Error).message, task: name }, "worker task failed");
          }
          await new Promise((resolve) => setTimeout(resolve, ms));
        }
      })(),
    );
  }
  every(env.EMAIL_POLL_MS, "email outbox", () => drainEmailOutbox());
  // As often as the outbox, so a requested confirmation email is no slower than it was when sent inline.
  every(env.EMAIL_POLL_MS, "confirmation resends", () => processConfirmationResends());
  every(TALLY_ROLLUP_MS, "tally roll-up", rollUpTally);

  return async function stopWorker() {
    stopped = true;
    await Promise.all(loops);
    await boss.stop({ graceful: true, timeout: 5000 });
    await disconnectDb();
  };
}
