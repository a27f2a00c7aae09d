import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { afterEach, beforeEach, expect, test } from "vitest";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { drainEmailQueue } from "~/jobs/email-delivery.server";
import { queueOrganisationDigests } from "~/models/digest.server";
import { queueEmail } from "~/models/email-queue.server";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { loader as outboxJson } from "./dev.outbox[.json]";
import { action as preferencesAction, loader as preferencesLoader } from "./preferences.$token";
import { action as unsubscribeAction } from "./unsubscribe.$token";
import { action as webhookAction } from "./webhooks.resend";

beforeEach(async () => {
  await prisma.emailBatch.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.emailPreference.deleteMany();
  await prisma.emailSuppression.deleteMany();
});

const nudgeProps = {
  name: "Ann",
  items: [
    {
      commitment: "I will help",
      qualityName: "Delivery",
      idea: "An idea",
      pledgeUrl: "http://localhost:3000/pledges/x",
      doneUrl: "http://localhost:3000/check-in/x?choice=done",
      goingUrl: "http://localhost:3000/check-in/x?choice=going",
      helpUrl: "http://localhost:3000/check-in/x?choice=help",
      changeUrl: "http://localhost:3000/check-in/x?choice=change",
    },
  ],
};

async function sendNudgeTo(email: string) {
  await prisma.$transaction((tx) => queueEmail(tx, { template: "pledge-nudge", to: email, props: nudgeProps }));
  await drainEmailQueue();
}

/** One-click unsubscribe from an email's List-Unsubscribe header, as a mail client sends it: no cookie, the RFC 8058 body. */
async function oneClickUnsubscribe(listUnsubscribe: string) {
  const url = new URL(listUnsubscribe.match(/<(http[^>]+)>/)![1]!);
  const token = url.pathname.split("/unsubscribe/")[1]!;
  await unsubscribeAction({
    request: request(url.pathname, undefined, { "List-Unsubscribe": "One-Click" }),
    params: { token },
    context: { clientIp: "x" },
  });
}

type OutboxMessage = { to: string; text: string; headers: Record<string, string> };
// As the developer's own browser asks for it (the only reader the outbox has without OUTBOX=1).
const readOutbox = () =>
  outboxJson({
    request: new Request("http://localhost:3000/dev/outbox.json"),
    params: {},
    context: { clientIp: "127.0.0.1", localRequest: true },
  });

test("non-transactional email carries RFC 8058 headers, and the one-click POST unsubscribes without signing in", async () => {
  await sendNudgeTo("reader@example.org");
  const [message] = (await (await readOutbox()).json()) as OutboxMessage[];
  expect(message!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const unsubscribeHeader = message!.headers["List-Unsubscribe"]!;
  expect(unsubscribeHeader).toMatch(/^<mailto:[^>]+>, <http:\/\/localhost:3000\/unsubscribe\/[^>]+>$/);
  expect(message!.text).toMatch(/Choose which emails you get/);

  await oneClickUnsubscribe(unsubscribeHeader);
  expect(await prisma.emailPreference.findMany()).toMatchObject([
    { emailNormalised: "reader@example.org", category: "nudges" },
  ]);

  // The next nudge is held back; transactional email still goes.
  await sendNudgeTo("reader@example.org");
  expect(await prisma.emailMessage.findFirst({ orderBy: { id: "desc" } })).toMatchObject({ status: "suppressed" });
  await prisma.$transaction((tx) =>
    queueEmail(tx, {
      template: "magic-link",
      to: "reader@example.org",
      props: { signInUrl: "http://localhost:3000/login/t", minutes: 15 },
    }),
  );
  await drainEmailQueue();
  const signIn = await prisma.emailMessage.findFirstOrThrow({ where: { template: "magic-link" } });
  expect(signIn.status).toBe("sent");
  expect(signIn.headers).toEqual({});
});

test("the preferences page turns each kind of email on and off on its own", async () => {
  await sendNudgeTo("chooser@example.org");
  const [message] = (await (await readOutbox()).json()) as OutboxMessage[];
  const link = message!.text.match(/http:\/\/localhost:3000\/preferences\/[^\s\]]+/)![0];
  const token = link.split("/preferences/")[1]!;
  await preferencesAction({
    request: request(`/preferences/${token}`, undefined, { nudges: "on", updates: "on", news: "" }),
    params: { token },
    context: { clientIp: "x" },
  });
  const page = await preferencesLoader({
    request: request(`/preferences/${token}`),
    params: { token },
    context: { clientIp: "x" },
  });
  expect(page.categories.map((c) => [c.category, c.subscribed])).toEqual([
    ["nudges", true],
    ["updates", true],
    ["events", false],
    ["digest", false],
    ["news", false],
  ]);
});

test("the unsubscribe link in an email's headers does not open the preferences page, and the preferences link does not unsubscribe", async () => {
  await sendNudgeTo("separate@example.org");
  const [message] = (await (await readOutbox()).json()) as OutboxMessage[];
  const unsubscribeToken = message!.headers["List-Unsubscribe"]!.match(/\/unsubscribe\/([^>]+)>/)![1]!;
  const preferencesToken = message!.text.match(/\/preferences\/([^\s\]]+)/)![1]!;
  const args = (path: string, token: string) => ({
    request: request(path),
    params: { token },
    context: { clientIp: "x" },
  });

  const opened = await preferencesLoader(args(`/preferences/${unsubscribeToken}`, unsubscribeToken)).catch(
    (e: unknown) => e,
  );
  expect(opened).toBeInstanceOf(Response);
  expect((opened as Response).status).toBe(404);

  const unsubscribed = await unsubscribeAction({
    ...args(`/unsubscribe/${preferencesToken}`, preferencesToken),
    request: request(`/unsubscribe/${preferencesToken}`, undefined, { "List-Unsubscribe": "One-Click" }),
  }).catch((e: unknown) => e);
  expect((unsubscribed as Response).status).toBe(404);
  expect(await prisma.emailPreference.count()).toBe(0);
});

const secret = `whsec_${Buffer.from("a-test-signing-secret-of-32-bytes").toString("base64")}`;
afterEach(() => {
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvCache();
});

function webhookRequest(body: object, options: { id?: string; at?: Date; sign?: string } = {}) {
  const payload = JSON.stringify(body);
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.sign ?? secret).sign(id, at, payload);
  return new Request("http://localhost:3000/webhooks/resend", {
    method: "POST",
    body: payload,
    headers: {
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": signature,
      "Content-Type": "application/json",
    },
  });
}
const call = (req: Request) => webhookAction({ request: req, params: {}, context: { clientIp: "x" } });

test("Resend webhooks: a good signature suppresses hard bounces and complaints; bad, stale and replayed ones are refused", async () => {
  process.env.RESEND_WEBHOOK_SECRET = secret;
  resetEnvCache();
  const bounce = { type: "email.bounced", data: { to: ["Bouncy@Example.org"], bounce: { type: "Permanent" } } };
  const id = `msg_${randomUUID()}`;
  expect((await call(webhookRequest(bounce, { id }))).status).toBe(200);
  expect((await call(webhookRequest({ type: "email.complained", data: { to: "angry@example.org" } }))).status).toBe(
    200,
  );
  expect(
    (
      await call(
        webhookRequest({ type: "email.bounced", data: { to: ["soft@example.org"], bounce: { type: "Transient" } } }),
      )
    ).status,
  ).toBe(200);
  expect(
    (await prisma.emailSuppression.findMany({ orderBy: { emailNormalised: "asc" } })).map((s) => [
      s.emailNormalised,
      s.reason,
    ]),
  ).toEqual([
    ["angry@example.org", "complaint"],
    ["bouncy@example.org", "bounce"],
  ]);

  const other = `whsec_${Buffer.from("another-secret-entirely-32-bytes!").toString("base64")}`;
  expect((await call(webhookRequest(bounce, { sign: other }))).status).toBe(401);
  expect((await call(webhookRequest(bounce, { at: new Date(Date.now() - 10 * 60_000) }))).status).toBe(401);
  expect((await call(webhookRequest(bounce, { id }))).status).toBe(400);

  // A suppressed address gets nothing more, not even transactional email.
  await prisma.$transaction((tx) =>
    queueEmail(tx, {
      template: "magic-link",
      to: "bouncy@example.org",
      props: { signInUrl: "http://localhost:3000/login/t", minutes: 15 },
    }),
  );
  await drainEmailQueue();
  expect(await prisma.emailMessage.findFirstOrThrow({ where: { toAddress: "bouncy@example.org" } })).toMatchObject({
    status: "suppressed",
  });
});

test("the organisation digest goes to each member once a month, with one-tap links to a pre-filled progress form", async () => {
  const organisation = await createOrganisation(`digest-${randomUUID().slice(0, 8)}`);
  const { user } = await signedIn(`member-${organisation.slug}@example.org`);
  await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role: "owner" } });
  const commitmentId = randomUUID();
  await prisma.commitment.create({
    data: {
      id: commitmentId,
      organisationId: organisation.id,
      quality: "partnerships",
      title: "Host 12 meetings",
      measure: "meetings",
      targetKind: "number",
      targetValue: 12,
      unit: "meetings",
      targetDate: new Date("2027-12-31"),
    },
  });
  await prisma.progressReport.create({
    data: { id: randomUUID(), commitmentId, value: 4, story: "Four so far", reportedOn: new Date("2026-11-01") },
  });
  const asOf = new Date("2026-12-01T09:00:00Z");
  expect(await queueOrganisationDigests(asOf)).toBeGreaterThanOrEqual(1);
  expect(await queueOrganisationDigests(asOf)).toBe(0);
  const digest = await prisma.emailMessage.findFirstOrThrow({
    where: { template: "organisation-digest", toAddress: user.email },
  });
  expect(digest.category).toBe("digest");
  const props = digest.props as { commitments: { progress: string; reportUrl: string }[] };
  expect(props.commitments[0]).toMatchObject({
    progress: "4 of 12 meetings (33%).",
    reportUrl: `http://localhost:3000/organisations/${organisation.slug}/commitments/${commitmentId}/progress?value=4`,
  });
});

test("one click on an event follow-up's unsubscribe stops the next follow-up, and the reminders about a place still come", async () => {
  const event = {
    id: randomUUID(),
    title: "Litter pick on the Crescent",
    startsAt: "2027-07-10T09:00:00.000Z",
    endsAt: "2027-07-10T11:00:00.000Z",
    place: "Ordsall Hall",
    url: "http://localhost:3000/events/x",
  };
  const followUp = () =>
    prisma.$transaction((tx) =>
      queueEmail(tx, {
        template: "event-follow-up",
        to: "goer@example.org",
        props: { name: "Gus", event, pledgeUrl: "http://localhost:3000/pledge", hasPledge: false },
      }),
    );
  await followUp();
  await drainEmailQueue();
  const [message] = (await (await readOutbox()).json()) as OutboxMessage[];
  await oneClickUnsubscribe(message!.headers["List-Unsubscribe"]!);
  expect(await prisma.emailPreference.findMany()).toMatchObject([
    { emailNormalised: "goer@example.org", category: "events" },
  ]);

  await followUp();
  await prisma.$transaction((tx) =>
    queueEmail(tx, {
      template: "event-reminder",
      to: "goer@example.org",
      props: {
        name: "Gus",
        event,
        stillComingUrl: "http://localhost:3000/rsvps/manage/a",
        cantComeUrl: "http://localhost:3000/rsvps/manage/b",
        onlineUrl: null,
      },
    }),
  );
  await drainEmailQueue();
  const [, heldBack, reminder] = await prisma.emailMessage.findMany({ orderBy: { id: "asc" } });
  expect(heldBack).toMatchObject({ template: "event-follow-up", status: "suppressed" });
  expect(reminder).toMatchObject({ template: "event-reminder", status: "sent" });
});
