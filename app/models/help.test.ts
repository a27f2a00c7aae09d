/**
 * The daily "Need a hand" email to the Alliance's address: only the new
 * requests no earlier email told of, one email however many workers run at
 * once, none without new requests, and nothing at all (and nothing marked)
 * without ALLIANCE_EMAIL.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, expect, test, vi } from "vitest";
import { workerSchedule } from "~/jobs/worker.server";
import { drainEmailQueue } from "~/jobs/email-delivery.server";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { createConfirmedPledge } from "../../tests/helpers";
import { useFakeResend } from "../../tests/resend";
import { HELP_DIGEST_LIMIT, queueHelpDigest } from "./help.server";

const ALLIANCE = "desk@salfordsocialvalue.example";
const fake = useFakeResend({}, { APP_URL: "https://pledges.example.org" });

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
  process.env.ALLIANCE_EMAIL = ALLIANCE;
  resetEnvCache();
});
afterAll(() => {
  delete process.env.ALLIANCE_EMAIL;
  resetEnvCache();
});

/** A pledger's check-in with "Need a hand" (and its request, as recordCheckIn makes them), asked `minutesAgo`. */
async function askForAHand(name: string, note: string | null, minutesAgo = 0) {
  const pledge = await createConfirmedPledge({
    name,
    email: `${name.toLowerCase().replace(/\W/g, "")}@example.org`,
    commitment: `I will help ${name}'s street keep its alley clean.`,
  });
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const checkIn = await prisma.checkIn.create({
    data: { id: randomUUID(), pledgeId: pledge.id, choice: "help", note, createdAt: at },
  });
  await prisma.helpRequest.create({ data: { checkInId: checkIn.id, createdAt: at } });
  return checkIn.id;
}

const digests = () => prisma.emailMessage.findMany({ where: { template: "help-digest" } });
const undigested = () => prisma.helpRequest.count({ where: { digestedAt: null } });

test("the email lists only new requests no earlier email told of, goes to ALLIANCE_EMAIL once, and links to the queue", async () => {
  const jane = await askForAHand("Jane Smith", "Could someone help me start a street group?", 30);
  const sam = await askForAHand("Sam Patel", null, 10);
  const contacted = await askForAHand("Already Contacted", "Rang already", 20);
  await prisma.helpRequest.update({ where: { checkInId: contacted }, data: { status: "contacted" } });
  const told = await askForAHand("Told Yesterday", "In yesterday's email", 60 * 24);
  const yesterday = new Date(Date.now() - 20 * 3600_000);
  await prisma.helpRequest.update({ where: { checkInId: told }, data: { digestedAt: yesterday } });

  expect(await queueHelpDigest()).toEqual({ status: "queued", requests: 2 });
  expect(await drainEmailQueue()).toBe(1);
  expect(fake.resend.sent).toHaveLength(1);
  const [email] = fake.resend.sent;
  expect([email!.to].flat()).toEqual([ALLIANCE]);
  expect(email!.subject).toBe("Need a hand: 2 people asked since the last email");
  // Oldest first, with the name, ward, pledge, note and when.
  expect(email!.text).toMatch(/Jane Smith, Ordsall[\s\S]*street group[\s\S]*Sam Patel, Ordsall[\s\S]*left no note/);
  expect(email!.text).toContain("I will help Jane Smith's street keep its alley clean.");
  expect(email!.text).not.toContain("Already Contacted");
  expect(email!.text).not.toContain("Told Yesterday");
  // The queue's address on this site, and no link that signs anyone in.
  expect(email!.html).toContain('href="https://pledges.example.org/admin/help"');
  expect(email!.html).not.toMatch(/\/login\//);

  // Those two are marked as told; the others are as they were.
  const rows = await prisma.helpRequest.findMany();
  const digestedAt = (id: string) => rows.find((r) => r.checkInId === id)!.digestedAt;
  expect(digestedAt(jane)).not.toBeNull();
  expect(digestedAt(sam)).not.toBeNull();
  expect(digestedAt(contacted)).toBeNull();
  expect(digestedAt(told)).toEqual(yesterday);

  // The next run finds nothing new: no email.
  expect(await queueHelpDigest()).toEqual({ status: "none" });
  expect(await digests()).toHaveLength(1);
  // A new request goes in the next email, alone.
  await askForAHand("Ann Other", "Please call", 0);
  expect(await queueHelpDigest()).toEqual({ status: "queued", requests: 1 });
  const latest = (await digests()).at(-1)!;
  expect((latest.props as { requests: { name: string }[] }).requests.map((r) => r.name)).toEqual(["Ann Other"]);
});

test("two runs at the same moment make one email between them", async () => {
  for (let i = 0; i < 5; i += 1) await askForAHand(`Person ${i}`, `Note ${i}`, 5 - i);
  const results = await Promise.all([queueHelpDigest(), queueHelpDigest(), queueHelpDigest()]);
  expect(results.filter((r) => r.status === "queued")).toEqual([{ status: "queued", requests: 5 }]);
  expect(results.filter((r) => r.status === "none")).toHaveLength(2);
  const sent = await digests();
  expect(sent).toHaveLength(1);
  expect(sent[0]!.toAddress).toBe(ALLIANCE);
  expect(await undigested()).toBe(0);
});

test("a long backlog is counted in full and listed up to the limit; every request in it is marked", async () => {
  for (let i = 0; i < HELP_DIGEST_LIMIT + 3; i += 1) await askForAHand(`Backlog ${i}`, null, 1000 - i);
  expect(await queueHelpDigest()).toEqual({ status: "queued", requests: HELP_DIGEST_LIMIT + 3 });
  const props = (await digests())[0]!.props as { count: number; requests: { name: string }[] };
  expect(props.count).toBe(HELP_DIGEST_LIMIT + 3);
  expect(props.requests).toHaveLength(HELP_DIGEST_LIMIT);
  expect(props.requests[0]!.name).toBe("Backlog 0");
  expect(await undigested()).toBe(0);
  await drainEmailQueue();
  expect(fake.resend.sent[0]!.text).toContain("And 3 people more");
});

test("without ALLIANCE_EMAIL nothing is queued, requests stay waiting for the first email, and the worker says so", async () => {
  delete process.env.ALLIANCE_EMAIL;
  resetEnvCache();
  await askForAHand("Jane Smith", "Help please", 5);
  expect(await queueHelpDigest()).toEqual({ status: "no-address" });
  // The worker's daily job, as pg-boss runs it at 8:00 London time.
  const job = workerSchedule({ EMAIL_POLL_MS: 1000 }).cron.find((j) => j.queue === "help-digest")!;
  expect(job.cron).toBe("0 8 * * *");
  const info = vi.spyOn(logger, "info");
  await job.run();
  expect(info.mock.calls.filter(([message]) => /ALLIANCE_EMAIL is not set/.test(String(message)))).toHaveLength(1);
  info.mockRestore();
  expect(await prisma.emailMessage.count()).toBe(0);
  expect(await undigested()).toBe(1);

  // Once the address is set, the next run tells of it.
  process.env.ALLIANCE_EMAIL = ALLIANCE;
  resetEnvCache();
  await job.run();
  expect(await digests()).toHaveLength(1);
  expect(await undigested()).toBe(0);
});

test("no new requests, no email", async () => {
  expect(await queueHelpDigest()).toEqual({ status: "none" });
  expect(await prisma.emailMessage.count()).toBe(0);
});
