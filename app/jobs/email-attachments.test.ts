/**
 * Emails with a file attached (the event's .ics) reach the provider through
 * its single-send endpoint, exactly once, whatever happens on the way: the
 * batch endpoint would drop the file without a word (the fake refuses it).
 */
import ICAL from "ical.js";
import { Resend } from "resend";
import { beforeEach, expect, test, vi } from "vitest";
import { createEvent, rsvpAndConfirm } from "../../tests/events";
import type { FakeEmail } from "../../tests/mocks/fake-resend";
import { useFakeResend } from "../../tests/resend";
import { queueEmail, renderQueuedEmail } from "~/models/email-queue.server";
import { londonLocalToInstant } from "~/models/event";
import { eventEmailEvent } from "~/models/rsvp.server";
import { prisma } from "~/utils/db.server";
import { drainEmailQueue } from "./email-delivery.server";

const fake = useFakeResend();

beforeEach(async () => {
  await prisma.emailBatch.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
});

/** The calendar file attached to an email the fake accepted, read back by a calendar library. */
function attachedCalendar(email: FakeEmail) {
  expect(email.attachments).toHaveLength(1);
  const [file] = email.attachments!;
  expect(file!.content_type).toMatch(/^text\/calendar/);
  const ics = Buffer.from(file!.content!, "base64").toString("utf8");
  const read = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
  return {
    filename: file!.filename,
    uid: read.uid,
    sequence: read.sequence,
    start: read.startDate.toJSDate().toISOString(),
    end: read.endDate.toJSDate().toISOString(),
    location: read.location,
  };
}

const summerEvent = () =>
  createEvent({
    title: "Summer litter pick",
    startsAt: londonLocalToInstant("2027-07-10T10:00")!,
    endsAt: londonLocalToInstant("2027-07-10T12:00")!,
  });

const goingTo = (email: string) =>
  fake.resend.sent.filter((e) => e.to === email && e.subject.startsWith("You’re going"));

test("the 'you're going' email reaches the provider through /emails with the event's .ics attached", async () => {
  const event = await summerEvent();
  await rsvpAndConfirm(event.id, "ada@example.org");
  expect(await drainEmailQueue()).toBe(2);

  const [going] = goingTo("ada@example.org");
  expect(going).toMatchObject({ endpoint: "/emails", idempotencyKey: expect.stringMatching(/^batch-\d+$/) });
  expect(attachedCalendar(going!)).toEqual({
    filename: "summer-litter-pick.ics",
    uid: `${event.id}@salfordsocialvalue.org.uk`,
    sequence: expect.any(Number),
    start: "2027-07-10T09:00:00.000Z",
    end: "2027-07-10T11:00:00.000Z",
    location: "Ordsall Hall, 322 Ordsall Lane, Salford, M5 4WT",
  });
  // The confirmation link before it has no file, and went the ordinary way.
  const confirm = fake.resend.sent.find((e) => e.subject.startsWith("Confirm your place"))!;
  expect(confirm).toMatchObject({ endpoint: "/emails/batch" });
  expect(confirm.attachments).toBeUndefined();
  expect(await prisma.emailMessage.count({ where: { status: "sent" } })).toBe(2);
});

test("after a 500 the same email is sent again under the same key, and the provider has it once", async () => {
  const event = await summerEvent();
  await rsvpAndConfirm(event.id, "retry@example.org");
  fake.resend.failNext([500]);
  await drainEmailQueue();
  const going = await prisma.emailMessage.findFirstOrThrow({ where: { template: "rsvp-going" } });
  // One of the two calls failed: whichever it was is still to send.
  expect(await prisma.emailMessage.count({ where: { status: "sending" } })).toBe(1);

  await prisma.emailBatch.updateMany({ data: { runAfter: new Date() } });
  await drainEmailQueue();
  expect(goingTo("retry@example.org")).toHaveLength(1);
  expect((await prisma.emailMessage.findUniqueOrThrow({ where: { id: going.id } })).status).toBe("sent");
});

test("a worker that dies after the provider took the email: the next one sends it again, byte for byte, and the provider does not send it twice", async () => {
  const event = await summerEvent();
  await rsvpAndConfirm(event.id, "takeover@example.org");
  const queued = await prisma.emailMessage.findFirstOrThrow({ where: { template: "rsvp-going" } });
  await drainEmailQueue();
  expect(goingTo("takeover@example.org")).toHaveLength(1);
  const key = goingTo("takeover@example.org")[0]!.idempotencyKey!;

  // As a worker leaves the rows when it dies after the provider accepted the email, before it recorded so.
  await prisma.emailMessage.update({
    where: { id: queued.id },
    data: { status: "sending", props: queued.props ?? {}, sentAt: null },
  });
  await prisma.emailBatch.update({
    where: {
      id: queued.batchId ?? (await prisma.emailMessage.findUniqueOrThrow({ where: { id: queued.id } })).batchId!,
    },
    data: { status: "sending", lockedAt: new Date(Date.now() - 10 * 60_000) },
  });
  await drainEmailQueue();
  // The same key with the same body (the file is stamped with the time it was queued): answered from memory.
  expect(fake.resend.replayedKeys).toContain(key);
  expect(goingTo("takeover@example.org")).toHaveLength(1);
  expect((await prisma.emailMessage.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("sent");
});

test("rendered again hours later (a retry), the email and its file are the same to the byte: the file is stamped when it was queued", () => {
  const queuedAt = new Date("2027-06-01T09:00:00Z");
  const message = {
    template: "rsvp-going",
    to: "ada@example.org",
    category: "transactional",
    queuedAt,
    props: {
      name: "Ada",
      event: {
        id: "6f1c7a0e-1111-4a4a-8b8b-000000000001",
        title: "Summer litter pick",
        startsAt: "2027-07-10T09:00:00.000Z",
        endsAt: "2027-07-10T11:00:00.000Z",
        place: "Ordsall Hall",
        url: "http://localhost:3000/events/6f1c7a0e-1111-4a4a-8b8b-000000000001",
      },
      cancelUrl: "http://localhost:3000/rsvps/manage/x",
      onlineUrl: null,
    },
  };
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2027-06-01T09:00:01Z") });
  try {
    const first = renderQueuedEmail(message);
    vi.setSystemTime(new Date("2027-06-01T14:30:00Z"));
    expect(renderQueuedEmail(message)).toEqual(first);
    expect(Buffer.from(first.attachments![0]!.content, "base64").toString()).toContain("DTSTAMP:20270601T090000Z");
  } finally {
    vi.useRealTimers();
  }
});

test("two workers draining at once: each email is sent once, files alone through /emails, the rest in batches through /emails/batch", async () => {
  const event = await summerEvent();
  const details = eventEmailEvent(event);
  await prisma.$transaction(async (tx) => {
    for (let i = 0; i < 6; i++) {
      const to = `person-${i}@example.org`;
      const cancelUrl = `http://localhost:3000/rsvps/manage/token-${i}`;
      await queueEmail(tx, {
        template: "rsvp-going",
        to,
        props: { name: "Ada", event: details, cancelUrl, onlineUrl: null },
      });
      await queueEmail(tx, {
        template: "rsvp-waiting",
        to,
        props: { name: "Ada", event: details, position: i + 1, cancelUrl },
      });
      // A change: those going get the new file, those waiting do not.
      const changes = ["It now starts at 11:00."];
      await queueEmail(tx, {
        template: "event-changed",
        to,
        props: {
          name: "Ada",
          event: details,
          changes,
          status: i % 2 === 0 ? "going" : "waiting",
          cancelUrl,
          onlineUrl: null,
          acceptUrl: null,
          expiresAt: null,
        },
      });
    }
  });
  await Promise.all([drainEmailQueue(), drainEmailQueue()]);

  expect(await prisma.emailMessage.count({ where: { status: { not: "sent" } } })).toBe(0);
  expect(fake.resend.sent).toHaveLength(18);
  const withFile = fake.resend.sent.filter((e) => e.attachments);
  // Six "you're going" and three "changed" for those going.
  expect(withFile).toHaveLength(9);
  expect(withFile.every((e) => e.endpoint === "/emails")).toBe(true);
  expect(new Set(withFile.map((e) => e.idempotencyKey)).size).toBe(9);
  for (const email of withFile) expect(attachedCalendar(email).start).toBe("2027-07-10T09:00:00.000Z");
  const withoutFile = fake.resend.sent.filter((e) => !e.attachments);
  expect(withoutFile.every((e) => e.endpoint === "/emails/batch")).toBe(true);
  // No one got the same email twice.
  const sentOnce = fake.resend.sent.map((e) => `${String(e.to)} ${e.subject} ${e.attachments ? "file" : ""}`);
  expect(new Set(sentOnce).size).toBe(18);
});

test("the 'changed' file updates the same calendar entry the 'going' file made: same UID, higher SEQUENCE", async () => {
  const event = await summerEvent();
  const details = eventEmailEvent(event);
  const cancelUrl = "http://localhost:3000/rsvps/manage/x";
  await prisma.$transaction((tx) =>
    queueEmail(tx, {
      template: "rsvp-going",
      to: "seq@example.org",
      props: { name: "Ada", event: details, cancelUrl, onlineUrl: null },
    }),
  );
  await drainEmailQueue();
  const moved = {
    ...details,
    startsAt: londonLocalToInstant("2027-07-10T11:00")!.toISOString(),
    endsAt: londonLocalToInstant("2027-07-10T13:00")!.toISOString(),
  };
  await prisma.emailMessage.create({
    data: {
      template: "event-changed",
      toAddress: "seq@example.org",
      props: {
        name: "Ada",
        event: moved,
        changes: ["It now starts at 11:00."],
        status: "going",
        cancelUrl,
        onlineUrl: null,
        acceptUrl: null,
        expiresAt: null,
      },
      createdAt: new Date(Date.now() + 60_000),
    },
  });
  await drainEmailQueue();
  const [going, changed] = fake.resend.sent.map(attachedCalendar);
  expect(changed!.uid).toBe(going!.uid);
  expect(changed!.sequence).toBeGreaterThan(going!.sequence);
  expect(changed!.start).toBe("2027-07-10T10:00:00.000Z");
});

test("the fake's batch endpoint refuses an email with an attachment, which the real one would send without it", async () => {
  const resend = new Resend("re_test_key", { baseUrl: fake.resend.url });
  const attachment = { filename: "event.ics", content: Buffer.from("BEGIN:VCALENDAR").toString("base64") };
  const batch = [{ from: "a@example.org", to: "b@example.org", subject: "s", text: "t", attachments: [attachment] }];
  const { error } = await resend.batch.send(batch as Parameters<typeof resend.batch.send>[0]);
  expect(error).toMatchObject({ name: "validation_error", statusCode: 422 });
  const scheduled = [{ from: "a@example.org", to: "b@example.org", subject: "s", text: "t", scheduledAt: "in 1 hour" }];
  expect((await resend.batch.send(scheduled)).error).toMatchObject({ statusCode: 422 });
  expect(fake.resend.sent).toHaveLength(0);
  // The single-send endpoint keeps the file.
  const single = await resend.emails.send({ ...batch[0]!, attachments: [attachment] });
  expect(single.error).toBeNull();
  expect(fake.resend.sent[0]!.attachments).toEqual([{ filename: "event.ics", content: attachment.content }]);
});
