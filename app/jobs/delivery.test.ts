import { spawn } from "node:child_process";
import { beforeEach, expect, test } from "vitest";
import { useFakeResend } from "../../tests/resend";
import { prisma } from "~/utils/db.server";
import { drainEmailQueue } from "./email-delivery.server";

const fake = useFakeResend({ delayMs: 300 }, { EMAIL_RETRY_BASE_MS: "50", EMAIL_CLAIM_TIMEOUT_MS: "1500" });

beforeEach(async () => {
  await prisma.emailBatch.deleteMany();
  await prisma.emailMessage.deleteMany();
});

/** n distinct messages, as the nudge job would queue them. */
async function queueMessages(n: number) {
  await prisma.emailMessage.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      template: "magic-link",
      toAddress: `person-${i}@example.org`,
      props: { signInUrl: `http://localhost:3000/login/t${i}`, minutes: 15 },
      category: "transactional",
    })),
  });
}

function expectEachSentOnce(n: number) {
  const recipients = fake.resend.sent.map((e) => e.to);
  expect(new Set(recipients).size).toBe(n);
  expect(recipients).toHaveLength(n);
}

async function drainUntilDone(deadline = Date.now() + 60_000) {
  while (Date.now() < deadline) {
    await drainEmailQueue();
    const left = await prisma.emailMessage.count({ where: { status: { in: ["queued", "sending"] } } });
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the email queue did not drain");
}

test("the provider answering 429, then 500, for a while, then 200: every message is sent exactly once, in batches of 100", async () => {
  await queueMessages(250);
  fake.resend.failNext([429, 429, 500, 503, 500, 429]);
  await drainUntilDone();
  expectEachSentOnce(250);
  expect(await prisma.emailMessage.count({ where: { status: "sent" } })).toBe(250);
  const batches = await prisma.emailBatch.findMany();
  expect(batches.length).toBe(3);
  expect(Math.max(...batches.map((b) => b.attempts))).toBeGreaterThan(1);
  // Six refused calls, then the three batches: each retry resent its batch under the key it first used.
  expect(fake.resend.keysCalled).toHaveLength(9);
  expect(new Set(fake.resend.keysCalled)).toEqual(new Set(batches.map((b) => `batch-${b.id}`)));
  expect(new Set(fake.resend.sent.map((e) => e.idempotencyKey)).size).toBe(3);
});

test("a worker killed with SIGKILL in the middle of a 2,000-message run, then started again: every message sent exactly once", async () => {
  await queueMessages(2000);
  const env = { ...process.env, NODE_OPTIONS: "" };
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/drain-email-queue.ts"], { env, stdio: "pipe" });
  const killed = new Promise((resolve) => worker.once("exit", resolve));
  // Kill it mid-run, the moment the provider has accepted the fifth batch and
  // before it answers: that batch is sent but not recorded as sent.
  while (fake.resend.sent.length < 500) await new Promise((resolve) => setImmediate(resolve));
  worker.kill("SIGKILL");
  await killed;
  const recordedBeforeKill = await prisma.emailMessage.count({ where: { status: "sent" } });
  expect(recordedBeforeKill).toBeLessThan(fake.resend.sent.length);

  // The dead worker's claim is made old (rather than waited out), so the next worker takes it over.
  await prisma.emailBatch.updateMany({
    where: { status: "sending" },
    data: { lockedAt: new Date(Date.now() - 10 * 60_000) },
  });
  const restarted = spawn(process.execPath, ["--import", "tsx", "scripts/drain-email-queue.ts"], {
    env,
    stdio: "pipe",
  });
  await new Promise((resolve) => restarted.once("exit", resolve));
  expect(await prisma.emailMessage.count({ where: { status: "sent" } })).toBe(2000);
  expectEachSentOnce(2000);
  // The batch that was sent but not recorded went again under its own key, which the provider recognised.
  const keys = new Set(fake.resend.sent.map((e) => e.idempotencyKey));
  expect(fake.resend.replayedKeys.length).toBeGreaterThan(0);
  expect(fake.resend.replayedKeys.every((key) => keys.has(key))).toBe(true);
  // Two processes to start and 2,000 emails to render: 45-60 s on a busy two-core machine.
}, 120_000);
