import PgBoss from "pg-boss";
import { queueOrganisationDigests } from "~/models/digest.server";
import { queueHelpDigest } from "~/models/help.server";
import { queueDueNudges } from "~/models/nudge.server";
import { processConfirmationResends } from "~/models/pledge-confirmation.server";
import { rollUpTally } from "~/models/tally.server";
import { checkMilestones } from "~/models/milestone.server";
import { sendDueAnnouncements } from "~/models/announcement.server";
import { settleDueConditions } from "~/models/pledge-condition.server";
import { expireOffers, purgeUnconfirmedRsvps, queueDueFollowUps, queueDueReminders } from "~/models/rsvp.server";
import { disconnectDb } from "~/utils/db.server";
import { getEnv, type Env } from "~/utils/env.server";
import { drainEmailQueue } from "./email-delivery.server";
import { PURGE_UNCONFIRMED_CRON, PURGE_UNCONFIRMED_QUEUE, purgeUnconfirmedJob } from "./purge-unconfirmed.server";
import { logger } from "~/utils/logger.server";

const TALLY_ROLLUP_MS = 2000;
const CONDITIONS_MS = 30_000;
const EVENTS_MS = 60_000;
const HOUR_MS = 3600_000;
const ANNOUNCEMENTS_MS = 10_000;
export const SCHEDULE_TIME_ZONE = "Europe/London";

/** A pg-boss job on a cron schedule (in SCHEDULE_TIME_ZONE): one worker runs each occurrence. */
export type CronJob = { queue: string; cron: string; run: () => Promise<unknown> };
/** A loop every worker runs, again `everyMs` after each run ends. */
export type RepeatingTask = { name: string; everyMs: number; run: () => Promise<unknown> };

/**
 * Everything the worker runs and when: the table startWorker reads, and the
 * one place to add a job.
 */
export function workerSchedule(env: Pick<Env, "EMAIL_POLL_MS"> = getEnv()): {
  cron: CronJob[];
  every: RepeatingTask[];
} {
  return {
    cron: [
      { queue: PURGE_UNCONFIRMED_QUEUE, cron: PURGE_UNCONFIRMED_CRON, run: purgeUnconfirmedJob },
      // Nudges hourly (each person at most weekly).
      {
        queue: "queue-due-nudges",
        cron: "23 * * * *",
        run: async () => {
          const result = await queueDueNudges(new Date());
          if (result.emails) logger.info({ emails: result.emails, pledges: result.pledges }, "queued nudges");
        },
      },
      // The organisation digest at 9:00 on the 1st of each month.
      {
        queue: "organisation-digest",
        cron: "0 9 1 * *",
        run: async () => {
          const queued = await queueOrganisationDigests(new Date());
          if (queued) logger.info({ digests: queued }, "queued organisation digests");
        },
      },
      // People who asked for a hand, to ALLIANCE_EMAIL at 8:00 each day (docs/nudges-and-email-lifecycle.md).
      {
        queue: "help-digest",
        cron: "0 8 * * *",
        run: async () => {
          const result = await queueHelpDigest(new Date());
          if (result.status === "no-address")
            logger.info("ALLIANCE_EMAIL is not set: no email about people who need a hand");
          if (result.status === "queued") logger.info({ requests: result.requests }, "queued the help digest");
        },
      },
    ],
    every: [
      { name: "email delivery", everyMs: env.EMAIL_POLL_MS, run: drainEmailQueue },
      // As often as email delivery, so a requested confirmation email is no slower than it was when sent inline.
      { name: "confirmation resends", everyMs: env.EMAIL_POLL_MS, run: processConfirmationResends },
      { name: "tally roll-up", everyMs: TALLY_ROLLUP_MS, run: rollUpTally },
      // Milestone emails once, whichever worker sees the crossing first (docs/campaigns.md).
      { name: "milestones", everyMs: TALLY_ROLLUP_MS, run: checkMilestones },
      // Conditional pledges whose deadline has passed (or whose campaign lowered the number) are settled.
      { name: "conditions", everyMs: CONDITIONS_MS, run: settleDueConditions },
      // Events (docs/events.md): each RSVP is marked in the statement that selects it, so several workers send each email once.
      { name: "expired place offers", everyMs: EVENTS_MS, run: expireOffers },
      { name: "event reminders", everyMs: EVENTS_MS, run: queueDueReminders },
      { name: "event follow-ups", everyMs: EVENTS_MS, run: queueDueFollowUps },
      { name: "unconfirmed RSVPs", everyMs: HOUR_MS, run: purgeUnconfirmedRsvps },
      // The Alliance's news: scheduled sends that are due, and any left half-queued (docs/announcements.md).
      { name: "announcements", everyMs: ANNOUNCEMENTS_MS, run: sendDueAnnouncements },
    ],
  };
}

/**
 * The background worker: delivers the email queue, rolls up the tally and runs
 * scheduled jobs through pg-boss, as workerSchedule says. Any number can run
 * against one database. Returns the function that stops it.
 */
export async function startWorker() {
  const env = getEnv();
  const schedule = workerSchedule(env);
  const boss = new PgBoss({ connectionString: env.DATABASE_URL, max: 3 });
  boss.on("error", (error) => logger.error({ err: error.message }, "pg-boss"));
  await boss.start();
  for (const job of schedule.cron) {
    await boss.createQueue(job.queue);
    await boss.schedule(job.queue, job.cron, {}, { tz: SCHEDULE_TIME_ZONE });
    await boss.work(job.queue, async () => {
      await job.run();
    });
  }

  // Stopping cuts each loop's wait short: a task that runs hourly must not hold a stop for an hour.
  const stopping = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const onStop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stopping.signal.removeEventListener("abort", onStop);
        resolve();
      }, ms);
      stopping.signal.addEventListener("abort", onStop, { once: true });
    });
  const loops: Promise<void>[] = [];
  for (const task of schedule.every)
    loops.push(
      (async () => {
        while (!stopping.signal.aborted) {
          try {
            await task.run();
          } catch (error) {
            logger.error({ err: (error as Error).message, task: task.name }, "worker task failed");
          }
          await pause(task.everyMs);
        }
      })(),
    );

  return async function stopWorker() {
    stopping.abort();
    await Promise.all(loops);
    await boss.stop({ graceful: true, timeout: 5000 });
    await disconnectDb();
  };
}
