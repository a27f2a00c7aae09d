import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { beforeEach, describe, expect, test } from "vitest";
import { request, signedIn, createOrganisation } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { useFakeResend } from "../../tests/resend";
import { drainEmailQueue } from "~/jobs/email-delivery.server";
import { prisma } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { action as announcementAction, loader as announcementLoader } from "~/routes/admin.announcements.$id";
import { action as newAnnouncementAction } from "~/routes/admin.announcements.new";
import { action as newsAction } from "~/routes/account.news";
import { action as unsubscribeAction } from "~/routes/unsubscribe.$token";
import { action as webhookAction } from "~/routes/webhooks.resend";
import {
  countRecipients,
  getAnnouncementFigures,
  listAnnouncements,
  queueAnnouncement,
  sendDueAnnouncements,
} from "./announcement.server";
import { instantToLondonLocal } from "./event";

const ORDSALL = "E05013028";
const ECCLES = "E05013018";
const secret = `whsec_${Buffer.from("an-announcement-signing-secret!!").toString("base64")}`;
const fake = useFakeResend({}, { RESEND_WEBHOOK_SECRET: secret });

let admin: { user: { id: string; email: string }; cookie: string };

beforeEach(async () => {
  await prisma.announcementRecipient.deleteMany();
  await prisma.announcement.deleteMany();
  await prisma.emailBatch.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.emailPreference.deleteMany();
  await prisma.emailSuppression.deleteMany();
  await prisma.pledge.deleteMany();
  await prisma.membership.deleteMany();
  await prisma.organisation.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.user.deleteMany();
  admin = await signedIn("news-admin@example.org", "admin");
});

/** A pledge as it stands in the database: confirmed and agreeing to news unless told otherwise. */
async function pledger(
  email: string,
  fields: {
    newsConsent?: boolean;
    confirmed?: boolean;
    withdrawn?: boolean;
    example?: boolean;
    wardCode?: string;
    qualities?: string[];
    campaignId?: string;
    commitment?: string;
  } = {},
) {
  const commitment = fields.commitment ?? `I will help ${randomUUID()}`;
  await prisma.pledge.create({
    data: {
      id: randomUUID(),
      name: "Pat",
      nameDisplay: "initial",
      email,
      emailNormalised: normaliseEmail(email),
      postcode: "M5 4WT",
      wardCode: fields.wardCode ?? ORDSALL,
      qualities: fields.qualities ?? ["values"],
      commitment,
      commitmentKey: commitment.toLowerCase(),
      nudgeConsent: false,
      newsConsent: fields.newsConsent ?? true,
      isExample: fields.example ?? false,
      confirmedAt: fields.confirmed === false ? null : new Date(),
      withdrawnAt: fields.withdrawn ? new Date() : null,
      campaignId: fields.campaignId,
    },
  });
}

async function member(email: string, newsConsent: boolean) {
  const organisation = await createOrganisation(`org-${randomUUID().slice(0, 8)}`);
  const { user, cookie } = await signedIn(email);
  await prisma.user.update({ where: { id: user.id }, data: { newsConsent } });
  await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role: "owner" } });
  return { user, cookie };
}

const args = (id: string, form?: Record<string, string>, cookie = admin.cookie) => ({
  request: request(`/admin/announcements/${id}`, cookie, form),
  params: { id },
  context: { clientIp: "203.0.113.7" },
});

/** Calls the action and returns the Response it returned or threw (a redirect), or its data. */
async function post(id: string, form: Record<string, string>): Promise<unknown> {
  try {
    return await announcementAction(args(id, form));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function draft(fields: Record<string, string> = {}) {
  const response = (await newAnnouncementAction({
    request: request("/admin/announcements/new", admin.cookie, {
      subject: "Salford passes 5,000 pledges",
      body: "Thank you: **5,000 pledges**.\n\n<script>alert(1)</script>\n\n[the map](https://example.org/map) and [bad](javascript:alert(1))",
      ...fields,
    }),
    params: {},
    context: { clientIp: "203.0.113.7" },
  })) as Response;
  expect(response.status).toBe(302);
  return response.headers.get("Location")!.split("/").at(-1)!.split("?")[0]!;
}

/** The count the edit page shows an admin. */
async function shownCount(id: string) {
  const page = await announcementLoader(args(id));
  return page.count;
}

async function sendNow(id: string) {
  return post(id, { intent: "send", when: "now", confirmed: "yes" });
}

async function drainAll() {
  await sendDueAnnouncements();
  while ((await drainEmailQueue()) > 0);
}

const newsTo = () =>
  fake.resend.sent
    .filter((e) => !e.subject.startsWith("[Test]"))
    .map((e) => [e.to].flat()[0]!)
    .sort();

test("the count shown is exactly who the provider is sent it to: consenting confirmed pledgers and members, each once, less unsubscribed and suppressed", async () => {
  await pledger("ann@example.org");
  await pledger("Ann@Example.org", { commitment: "Another pledge of Ann's" }); // the same person twice: one email
  await pledger("bob.smith@gmail.com");
  await pledger("bobsmith@gmail.com", { commitment: "Bob again, without the dot" });
  await pledger("no-news@example.org", { newsConsent: false });
  await pledger("unconfirmed@example.org", { confirmed: false });
  await pledger("withdrawn@example.org", { withdrawn: true });
  await pledger("example@example.org", { example: true });
  await pledger("stopped@example.org");
  await pledger("bounced@example.org");
  await prisma.emailPreference.create({ data: { emailNormalised: "stopped@example.org", category: "news" } });
  await prisma.emailSuppression.create({ data: { emailNormalised: "bounced@example.org", reason: "bounce" } });
  // Someone who stopped reminders still gets news: only the news category counts.
  await pledger("no-nudges@example.org");
  await prisma.emailPreference.create({ data: { emailNormalised: "no-nudges@example.org", category: "nudges" } });
  await member("member@example.org", true);
  await member("quiet-member@example.org", false);
  await signedIn("not-a-member@example.org").then(({ user }) =>
    prisma.user.update({ where: { id: user.id }, data: { newsConsent: true } }),
  );

  const id = await draft();
  expect(await shownCount(id)).toBe(4);

  // The confirm step states that count before anything is sent.
  const asked = (await post(id, { intent: "send", when: "now" })) as { data: { confirm: { count: number } } };
  expect(asked.data.confirm.count).toBe(4);
  expect(await prisma.announcement.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "draft" });

  const sent = (await sendNow(id)) as Response;
  expect(sent.headers.get("Location")).toBe(`/admin/announcements/${id}?status=sending`);
  await drainAll();
  // Each person once, at the address of their newest pledge.
  expect(newsTo().map(normaliseEmail)).toEqual([
    "ann@example.org",
    "bobsmith@gmail.com",
    "member@example.org",
    "no-nudges@example.org",
  ]);
  expect(await prisma.announcement.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: "sent",
    recipientCount: 4,
  });
  expect(await getAnnouncementFigures(id)).toMatchObject({ recipients: 4, sent: 4 });

  // The email: the subject, the Markdown without its HTML or its unsafe link, and the way out of news.
  const email = fake.resend.sent.find((e) => [e.to].flat()[0] === "member@example.org")!;
  expect(email.subject).toBe("Salford passes 5,000 pledges");
  expect(email.html).toContain("<strong>5,000 pledges</strong>");
  expect(email.html).toContain('href="https://example.org/map"');
  expect(email.html).not.toContain("<script");
  expect(email.html).not.toContain("javascript:");
  expect(email.html).toMatch(/href="http:\/\/localhost:\d+\/unsubscribe\/[^"]+"[^>]*>Unsubscribe from news/);
  expect(email.html).toContain("/preferences/");
  expect(email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  expect(await prisma.auditEntry.count({ where: { action: "announcement.send", subjectId: id } })).toBe(1);
});

test("a ward, a quality or a campaign narrows it to the pledgers who match, and leaves organisation members out", async () => {
  const campaign = await createCampaign();
  await pledger("ordsall-values@example.org", { wardCode: ORDSALL, qualities: ["values"] });
  await pledger("ordsall-delivery@example.org", { wardCode: ORDSALL, qualities: ["delivery", "partnerships"] });
  await pledger("eccles-delivery@example.org", { wardCode: ECCLES, qualities: ["delivery"], campaignId: campaign.id });
  await member("member@example.org", true);
  const everyone = { wardCode: null, quality: null, campaignId: null };
  expect(await countRecipients(everyone)).toBe(4);
  expect(await countRecipients({ ...everyone, wardCode: ORDSALL })).toBe(2);
  expect(await countRecipients({ ...everyone, quality: "delivery" })).toBe(2);
  expect(await countRecipients({ ...everyone, wardCode: ORDSALL, quality: "delivery" })).toBe(1);
  expect(await countRecipients({ ...everyone, campaignId: campaign.id })).toBe(1);

  const id = await draft({ quality: "delivery", wardCode: ECCLES });
  expect(await shownCount(id)).toBe(1);
  await sendNow(id);
  await drainAll();
  expect(newsTo()).toEqual(["eccles-delivery@example.org"]);

  // A filter that is not one of the choices is refused at its field.
  const refused = (await post(id, { intent: "save", subject: "x", body: "y", wardCode: "E99999999" })) as {
    init: { status: number };
  };
  expect(refused.init.status).toBe(400);
});

test("pressing send twice and two workers queueing at once: each person gets one email", async () => {
  for (let i = 0; i < 45; i++) await pledger(`person-${String(i).padStart(2, "0")}@example.org`);
  const id = await draft();
  // A double press: two confirmed POSTs at the same moment.
  const answers = (await Promise.all([sendNow(id), sendNow(id)])) as Response[];
  expect(answers.map((a) => a.headers.get("Location")!.split("=")[1]).sort()).toEqual(["already", "sending"]);
  expect(await prisma.auditEntry.count({ where: { action: "announcement.send", subjectId: id } })).toBe(1);

  // Two workers take it at once, each in chunks of 10 (so they interleave on the same people).
  await prisma.announcement.update({ where: { id }, data: { status: "sending" } });
  const queued = await Promise.all([queueAnnouncement(id, 10), queueAnnouncement(id, 10), queueAnnouncement(id, 7)]);
  expect(queued.reduce((a, b) => a + b, 0)).toBe(45);
  // And the worker's own pass afterwards finds nothing left to queue.
  expect(await sendDueAnnouncements()).toBe(0);
  while ((await drainEmailQueue()) > 0);
  const to = newsTo();
  expect(to).toHaveLength(45);
  expect(new Set(to).size).toBe(45);
  expect(await prisma.emailMessage.count({ where: { announcementId: id } })).toBe(45);
  expect(await prisma.announcementRecipient.count({ where: { announcementId: id, messageId: null } })).toBe(0);
});

test("a scheduled one goes only when its time comes; a time in the past is refused; a cancelled one never goes", async () => {
  await pledger("reader@example.org");
  const id = await draft();
  const past = (await post(id, {
    intent: "send",
    when: "later",
    sendAt: instantToLondonLocal(new Date(Date.now() - 3600_000)),
  })) as { init: { status: number }; data: { reply: { error: Record<string, string[]> } } };
  expect(past.init.status).toBe(400);
  expect(past.data.reply.error.sendAt).toEqual(["The time to send it must be in the future"]);
  for (const sendAt of ["+", "2027-02-31T10:00", ""]) {
    const wrong = (await post(id, { intent: "send", when: "later", sendAt })) as { init: { status: number } };
    expect(wrong.init.status, sendAt).toBe(400);
  }

  const inAnHour = new Date(Date.now() + 3600_000);
  const scheduled = (await post(id, {
    intent: "send",
    when: "later",
    sendAt: instantToLondonLocal(inAnHour),
    confirmed: "yes",
  })) as Response;
  expect(scheduled.headers.get("Location")).toContain("status=scheduled");
  expect(await prisma.auditEntry.count({ where: { action: "announcement.schedule", subjectId: id } })).toBe(1);
  await sendDueAnnouncements(new Date());
  expect(await prisma.emailMessage.count({ where: { announcementId: id } })).toBe(0);
  expect((await prisma.announcement.findUniqueOrThrow({ where: { id } })).status).toBe("scheduled");
  // An hour and a bit later (the minute is what the form keeps), it goes.
  await sendDueAnnouncements(new Date(Date.now() + 2 * 3600_000));
  expect(await prisma.emailMessage.count({ where: { announcementId: id } })).toBe(1);
  expect((await prisma.announcement.findUniqueOrThrow({ where: { id } })).status).toBe("sent");
  // A sent one cannot be sent, edited or cancelled again.
  expect(((await sendNow(id)) as Response).headers.get("Location")).toContain("status=already");
  expect(
    ((await post(id, { intent: "save", subject: "New", body: "New" })) as { init: { status: number } }).init.status,
  ).toBe(409);
  expect(((await post(id, { intent: "cancel" })) as Response).headers.get("Location")).toContain("not-cancelled");

  const other = await draft();
  await post(other, { intent: "send", when: "later", sendAt: instantToLondonLocal(inAnHour), confirmed: "yes" });
  expect(((await post(other, { intent: "cancel" })) as Response).headers.get("Location")).toContain("status=cancelled");
  await sendDueAnnouncements(new Date(Date.now() + 2 * 3600_000));
  expect(await prisma.emailMessage.count({ where: { announcementId: other } })).toBe(0);
  expect((await prisma.announcement.findUniqueOrThrow({ where: { id: other } })).status).toBe("cancelled");
  expect(await prisma.auditEntry.count({ where: { action: "announcement.cancel", subjectId: other } })).toBe(1);
});

test("a test goes to the admin alone, marked in its subject, and is not part of the figures", async () => {
  await pledger("reader@example.org");
  const id = await draft();
  const answer = (await post(id, { intent: "test" })) as Response;
  expect(answer.headers.get("Location")).toBe(`/admin/announcements/${id}?tested=1`);
  await drainAll();
  expect(fake.resend.sent.map((e) => [[e.to].flat()[0], e.subject])).toEqual([
    ["news-admin@example.org", "[Test] Salford passes 5,000 pledges"],
  ]);
  expect(await getAnnouncementFigures(id)).toMatchObject({ recipients: 0, sent: 0 });
  expect((await prisma.announcement.findUniqueOrThrow({ where: { id } })).status).toBe("draft");
  expect(await prisma.auditEntry.count({ where: { action: "announcement.test", subjectId: id } })).toBe(1);

  // An admin whose own address is off news is told so, rather than sent a test the queue would hold back.
  await prisma.emailPreference.create({ data: { emailNormalised: "news-admin@example.org", category: "news" } });
  const refused = (await post(id, { intent: "test" })) as { init: { status: number }; data: { reply: unknown } };
  expect(refused.init.status).toBe(400);
  expect(JSON.stringify(refused.data.reply)).toContain("unsubscribed from news");
  expect(await prisma.emailMessage.count({ where: { template: "announcement" } })).toBe(1);
});

describe("delivery figures from Resend's webhooks", () => {
  function webhook(body: object) {
    const payload = JSON.stringify(body);
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    return webhookAction({
      request: new Request("http://localhost:3000/webhooks/resend", {
        method: "POST",
        body: payload,
        headers: {
          "svix-id": id,
          "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
          "svix-signature": new Webhook(secret).sign(id, at, payload),
          "Content-Type": "application/json",
        },
      }),
      params: {},
      context: { clientIp: "x" },
    });
  }

  test("delivered and bounced set the message's delivery, and the announcement's figures count them", async () => {
    for (const name of ["one", "two", "three"]) await pledger(`${name}@example.org`);
    const id = await draft();
    await sendNow(id);
    await drainAll();
    const providerId = (to: string) => fake.resend.sent.find((e) => [e.to].flat()[0] === to)!.id;
    const delivered = await webhook({
      type: "email.delivered",
      created_at: "2026-11-28T12:00:00.000Z",
      data: { email_id: providerId("one@example.org"), to: ["one@example.org"] },
    });
    expect(await delivered.json()).toMatchObject({ received: true, recorded: 1 });
    await webhook({
      type: "email.delivered",
      data: { email_id: providerId("two@example.org"), to: ["two@example.org"] },
    });
    await webhook({
      type: "email.bounced",
      data: { email_id: providerId("three@example.org"), to: ["three@example.org"], bounce: { type: "Permanent" } },
    });
    // A delay reported after the delivery does not undo it.
    await webhook({ type: "email.delivery_delayed", data: { email_id: providerId("two@example.org") } });
    expect(await getAnnouncementFigures(id)).toEqual({
      recipients: 3,
      sent: 3,
      delivered: 2,
      bounced: 1,
      unsubscribed: 0,
    });
    const one = await prisma.emailMessage.findFirstOrThrow({ where: { toAddress: "one@example.org" } });
    expect(one).toMatchObject({ delivery: "delivered", deliveryAt: new Date("2026-11-28T12:00:00.000Z") });
    // The bounce still suppresses the address, as before.
    expect(
      await prisma.emailSuppression.findUnique({ where: { emailNormalised: "three@example.org" } }),
    ).not.toBeNull();
    // An id that is not ours changes nothing.
    expect(await (await webhook({ type: "email.delivered", data: { email_id: "not-ours" } })).json()).toMatchObject({
      recorded: 0,
    });
    expect((await listAnnouncements()).find((a) => a.id === id)?.figures.bounced).toBe(1);
  });

  test("one-click unsubscribe from the announcement stops news, counts against it, and the next count leaves the person out", async () => {
    await pledger("leaving@example.org");
    await pledger("staying@example.org");
    const id = await draft();
    await sendNow(id);
    await drainAll();
    const email = fake.resend.sent.find((e) => [e.to].flat()[0] === "leaving@example.org")!;
    const url = new URL(email.headers!["List-Unsubscribe"]!.match(/<(http[^>]+)>/)![1]!);
    await unsubscribeAction({
      request: request(url.pathname, undefined, { "List-Unsubscribe": "One-Click" }),
      params: { token: url.pathname.split("/unsubscribe/")[1]! },
      context: { clientIp: "x" },
    });
    expect(await prisma.emailPreference.findMany({ select: { emailNormalised: true, category: true } })).toEqual([
      { emailNormalised: "leaving@example.org", category: "news" },
    ]);
    expect(await getAnnouncementFigures(id)).toMatchObject({ recipients: 2, unsubscribed: 1 });
    expect(await shownCount(await draft())).toBe(1);
  });
});

test("an organisation member turns the news on and off on their account", async () => {
  const { user, cookie } = await member("organiser@example.org", false);
  const everyone = { wardCode: null, quality: null, campaignId: null };
  expect(await countRecipients(everyone)).toBe(0);
  await prisma.emailPreference.create({ data: { emailNormalised: "organiser@example.org", category: "news" } });
  const on = (await newsAction({
    request: request("/account/news", cookie, { newsConsent: "on" }),
    params: {},
    context: { clientIp: "x" },
  })) as Response;
  expect(on.headers.get("Location")).toBe("/account/news?saved=on");
  expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).newsConsent).toBe(true);
  // Asking for news again lifts the earlier unsubscribe.
  expect(await countRecipients(everyone)).toBe(1);
  await newsAction({ request: request("/account/news", cookie, {}), params: {}, context: { clientIp: "x" } });
  expect(await countRecipients(everyone)).toBe(0);
});
