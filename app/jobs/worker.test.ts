/**
 * The worker's wiring: what it runs and when, read from the table it starts
 * from, and checked on a real pg-boss on this test file's database.
 */
import PgBoss from "pg-boss";
import { expect, test, vi } from "vitest";
import { sendDueAnnouncements } from "~/models/announcement.server";
import { queueEmail } from "~/models/email-queue.server";
import { processConfirmationResends } from "~/models/pledge-confirmation.server";
import { checkMilestones } from "~/models/milestone.server";
import { settleDueConditions } from "~/models/pledge-condition.server";
import { expireOffers, purgeUnconfirmedRsvps, queueDueFollowUps, queueDueReminders } from "~/models/rsvp.server";
import { rollUpTally } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { drainEmailQueue } from "./email-delivery.server";
import { purgeUnconfirmedJob } from "./purge-unconfirmed.server";
import { SCHEDULE_TIME_ZONE, startWorker, workerSchedule } from "./worker.server";

const CRON_JOBS = [
  // Unconfirmed pledges are purged hourly, at 17 past.
  { queue: "purge-unconfirmed-pledges", cron: "17 * * * *" },
  // Nudges are queued hourly, at 23 past (each person gets at most one a week).
  { queue: "queue-due-nudges", cron: "23 * * * *" },
  // The organisation digest at 9:00 on the 1st of each month.
  { queue: "organisation-digest", cron: "0 9 1 * *" },
  // The Alliance's daily email listing new "Need a hand" requests, at 8:00.
  { queue: "help-digest", cron: "0 8 * * *" },
];

test("the worker's table: four cron jobs in London time, and email delivery, confirmation resends, the tally roll-up, milestones and conditions every few seconds, the event jobs every minute, unconfirmed RSVPs hourly, announcements every 10 seconds", () => {
  const schedule = workerSchedule({ EMAIL_POLL_MS: 1000 });
  expect(SCHEDULE_TIME_ZONE).toBe("Europe/London");
  expect(schedule.cron.map(({ queue, cron }) => ({ queue, cron }))).toEqual(CRON_JOBS);
  expect(schedule.cron[0]!.run).toBe(purgeUnconfirmedJob);
  expect(schedule.every.map(({ name, everyMs }) => ({ name, everyMs }))).toEqual([
    { name: "email delivery", everyMs: 1000 },
    { name: "confirmation resends", everyMs: 1000 },
    { name: "tally roll-up", everyMs: 2000 },
    { name: "milestones", everyMs: 2000 },
    { name: "conditions", everyMs: 30_000 },
    { name: "expired place offers", everyMs: 60_000 },
    { name: "event reminders", everyMs: 60_000 },
    { name: "event follow-ups", everyMs: 60_000 },
    { name: "unconfirmed RSVPs", everyMs: 3_600_000 },
    { name: "announcements", everyMs: 10_000 },
  ]);
  expect(schedule.every.map((task) => task.run)).toEqual([
    drainEmailQueue,
    processConfirmationResends,
    rollUpTally,
    checkMilestones,
    settleDueConditions,
    expireOffers,
    queueDueReminders,
    queueDueFollowUps,
    purgeUnconfirmedRsvps,
    sendDueAnnouncements,
  ]);
  // Email is looked for as often as EMAIL_POLL_MS says.
  expect(workerSchedule({ EMAIL_POLL_MS: 250 }).every[0]!.everyMs).toBe(250);
});

test("started on the database, the worker registers each cron job with pg-boss, works its queue, and delivers queued email", async () => {
  const stop = await startWorker();
  const boss = new PgBoss({
    connectionString: process.env.DATABASE_URL,
    supervise: false,
    schedule: false,
    migrate: false,
  });
  await boss.start();
  try {
    const schedules = (await boss.getSchedules()) as unknown as { name: string; cron: string; timezone: string }[];
    expect(
      schedules
        .map(({ name, cron, timezone }) => ({ queue: name, cron, timezone }))
        .sort((a, b) => a.queue.localeCompare(b.queue)),
    ).toEqual(
      CRON_JOBS.map((job) => ({ ...job, timezone: "Europe/London" })).sort((a, b) => a.queue.localeCompare(b.queue)),
    );

    // Each cron job's queue has the worker's handler: a job sent to it now is done.
    const sent = await Promise.all(CRON_JOBS.map(async ({ queue }) => ({ queue, id: (await boss.send(queue, {}))! })));
    await vi.waitFor(
      async () => {
        for (const { queue, id } of sent)
          expect((await boss.getJobById(queue, id, { includeArchive: true }))?.state).toBe("completed");
      },
      { timeout: 15_000, interval: 200 },
    );

    // The email delivery loop sends what is queued (to the local outbox: no RESEND_API_KEY here).
    const { id } = await prisma.$transaction((tx) =>
      queueEmail(tx, {
        template: "magic-link",
        to: "worker@example.org",
        props: { signInUrl: "http://localhost:3000/login/t", minutes: 15 },
      }),
    );
    await vi.waitFor(
      async () => expect((await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).status).toBe("sent"),
      {
        timeout: 10_000,
        interval: 100,
      },
    );
  } finally {
    await boss.stop({ graceful: false });
    await stop();
  }
}, 40_000);
