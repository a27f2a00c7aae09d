import { beforeEach, expect, test } from "vitest";
import { actionArgs, confirmTokenFor, freshIp, loaderArgs, validPledge } from "../../tests/helpers";
import { useFakeResend } from "../../tests/resend";
import { action as pledgeAction } from "~/routes/pledge._index";
import { loader as confirmLoader } from "~/routes/confirm.$token";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { drainEmailQueue } from "./email-delivery.server";

const fake = useFakeResend();

beforeEach(async () => {
  await prisma.emailBatch.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
});

async function sign(email = validPledge.email) {
  await pledgeAction(actionArgs("/pledge", { ...validPledge, email }, { ip: freshIp() })).catch((r) => r);
}

test("the confirmation email goes through the Resend SDK to the pledger, with a link that opens their pledge", async () => {
  await sign();
  expect(await drainEmailQueue()).toBe(1);

  expect(fake.resend.sent).toHaveLength(1);
  const [email] = fake.resend.sent;
  expect(email!.to).toBe(validPledge.email);
  expect(email!.subject).toBe("Confirm your Salford Social Value City pledge");
  expect(email!.authorization).toBe("Bearer re_test_key");
  expect(email!.idempotencyKey).toMatch(/^batch-\d+$/);
  expect(email!.text).toContain("I will treat everyone I meet with respect and without judgement.");

  const link = email!.html!.match(/href="(http:\/\/localhost:3000\/confirm\/[^"]+)"/)![1]!;
  expect(email!.text).toContain(link);
  const token = link.split("/confirm/")[1]!;
  const page = await confirmLoader(loaderArgs(`/confirm/${token}`, { token }));
  expect(page.status).toBe("pending");

  const stored = await prisma.emailMessage.findFirstOrThrow();
  expect(stored).toMatchObject({ status: "sent", transport: "resend", providerId: expect.any(String), html: null });
  // Once the provider has it, the one-time link is not kept in our database.
  expect(JSON.stringify(stored.props)).not.toContain(token);
});

test("a 429 or 500 from the provider is retried later, and sent once in the end", async () => {
  await sign();
  fake.resend.failNext([429]);
  await drainEmailQueue();
  let stored = await prisma.emailMessage.findFirstOrThrow();
  expect(stored.status).toBe("sending");
  expect(stored.lastError).toMatch(/fake failure 429/);
  expect((await prisma.emailBatch.findFirstOrThrow()).runAfter.getTime()).toBeGreaterThan(Date.now());
  expect(fake.resend.sent).toHaveLength(0);

  fake.resend.failNext([500]);
  await prisma.emailBatch.updateMany({ data: { runAfter: new Date() } });
  await drainEmailQueue();
  expect((await prisma.emailMessage.findFirstOrThrow()).status).toBe("sending");

  await prisma.emailBatch.updateMany({ data: { runAfter: new Date() } });
  await drainEmailQueue();
  stored = await prisma.emailMessage.findFirstOrThrow();
  expect(stored.status).toBe("sent");
  expect((await prisma.emailBatch.findFirstOrThrow()).attempts).toBe(3);
  expect(fake.resend.sent).toHaveLength(1);
});

test("a batch left 'sending' by a worker that died is taken over and, thanks to its idempotency key, not sent twice", async () => {
  await sign();
  const queued = await prisma.emailMessage.findFirstOrThrow();
  await drainEmailQueue();
  expect(fake.resend.sent).toHaveLength(1);
  // Put the rows back as a worker leaves them when it dies after the provider
  // accepted the batch but before it recorded so.
  await prisma.emailMessage.updateMany({ data: { status: "sending", props: queued.props ?? {}, sentAt: null } });
  await prisma.emailBatch.updateMany({ data: { status: "sending", lockedAt: new Date(Date.now() - 10 * 60_000) } });
  await drainEmailQueue();
  expect(fake.resend.sent).toHaveLength(1);
  expect((await prisma.emailMessage.findFirstOrThrow()).status).toBe("sent");
});

test("a 409 saying the same batch is still being sent (a takeover while the first send runs) is retried, not failed", async () => {
  await sign();
  fake.resend.failNext([409]);
  await drainEmailQueue();
  expect((await prisma.emailMessage.findFirstOrThrow()).status).toBe("sending");
  await prisma.emailBatch.updateMany({ data: { runAfter: new Date() } });
  await drainEmailQueue();
  expect((await prisma.emailMessage.findFirstOrThrow()).status).toBe("sent");
  expect(fake.resend.sent).toHaveLength(1);
});

test("a rejection that retrying cannot fix marks the message failed, visibly", async () => {
  await sign();
  fake.resend.failNext([422]);
  await drainEmailQueue();
  const stored = await prisma.emailMessage.findFirstOrThrow();
  expect(stored.status).toBe("failed");
  expect(stored.lastError).toContain("422");
});

test("without RESEND_API_KEY the message goes to the local outbox, body kept for /dev/outbox", async () => {
  delete process.env.RESEND_API_KEY;
  resetEnvCache();
  try {
    await sign();
    await drainEmailQueue();
    expect(fake.resend.sent).toHaveLength(0);
    const stored = await prisma.emailMessage.findFirstOrThrow();
    expect(stored).toMatchObject({ status: "sent", transport: "outbox" });
    expect(stored.text).toContain(await confirmTokenFor(validPledge.email));
  } finally {
    process.env.RESEND_API_KEY = "re_test_key";
    resetEnvCache();
  }
});
