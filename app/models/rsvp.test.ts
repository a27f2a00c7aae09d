/**
 * RSVPs from the reply to the follow-up: the model under a controlled clock
 * (each function takes `now`), and the pages' loaders and actions as Remix
 * calls them.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { action as rsvpAction, loader as rsvpLoader } from "~/routes/events.$id.rsvp";
import { action as confirmAction, loader as confirmLoader } from "~/routes/rsvps.confirm.$token";
import { action as manageAction, loader as manageLoader } from "~/routes/rsvps.manage.$token";
import { actionArgs, createConfirmedPledge, freshIp, loaderArgs, settle } from "../../tests/helpers";
import { createCampaign } from "../../tests/campaigns";
import { createEvent, createOnlineEvent, rsvpAndConfirm, rsvpConfirmTokenFor, rsvpFor } from "../../tests/events";
import { readRsvpToken, rsvpToken, type RsvpAction } from "./rsvp-links.server";
import {
  actOnRsvp,
  confirmRsvp,
  createRsvp,
  expireOffers,
  getRsvpByConfirmToken,
  getRsvpForManage,
  offerFreedPlaces,
  purgeUnconfirmedRsvps,
  queueDueFollowUps,
  queueDueReminders,
  queueEventChangeEmails,
} from "./rsvp.server";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  await prisma.pledge.deleteMany();
  delete process.env.RSVP_OFFER_HOURS;
  delete process.env.EVENT_REMINDER_HOURS;
  resetEnvCache();
});
afterEach(() => vi.useRealTimers());

const emails = (template: string) =>
  prisma.emailMessage
    .findMany({ where: { template }, orderBy: { id: "asc" } })
    .then((rows) => rows.map((m) => ({ to: m.toAddress, props: m.props as Record<string, unknown> })));
const statusOf = async (email: string) => (await prisma.rsvp.findFirstOrThrow({ where: { email } })).status;
const link = (rsvpId: string, action: RsvpAction) => rsvpToken(rsvpId, action);
/** The token in a link an email carried. */
const tokenIn = (url: unknown) => decodeURIComponent(String(url).split("/rsvps/manage/")[1]!);

test("only a published event not yet started takes replies; drafts and made-up ids are not found", async () => {
  const draft = await createEvent({ status: "draft", publishedAt: null });
  const cancelled = await createEvent({ status: "cancelled", cancelledAt: new Date() });
  const started = await createEvent({ startsAt: new Date(Date.now() - HOUR) });
  const person = { name: "Ada", email: "ada@example.org" };
  expect(await createRsvp(draft.id, person)).toEqual({ status: "not-found" });
  expect(await createRsvp(cancelled.id, person)).toEqual({ status: "cancelled" });
  expect(await createRsvp(started.id, person)).toEqual({ status: "started" });
  expect(await createRsvp("not-a-uuid", person)).toEqual({ status: "not-found" });
  expect(await createRsvp("00000000-0000-4000-8000-000000000000", person)).toEqual({ status: "not-found" });
  expect(await prisma.rsvp.count()).toBe(0);
  expect(await prisma.emailMessage.count()).toBe(0);
});

test("a reply stores a pending RSVP with only the token's hash and emails the link; replying again sends a fresh link to the same RSVP", async () => {
  const event = await createEvent();
  const first = await rsvpFor(event.id, "ada@example.org", "Ada Lovelace");
  const rsvp = await prisma.rsvp.findFirstOrThrow();
  expect(rsvp).toMatchObject({ status: "pending", name: "Ada Lovelace", emailNormalised: "ada@example.org" });
  expect(rsvp.confirmTokenHash).not.toContain(first);
  expect(await getRsvpByConfirmToken(first)).toMatchObject({ status: "pending", event: { title: event.title } });

  const second = await rsvpFor(event.id, "ADA@example.org", "Ada L");
  expect(await prisma.rsvp.count()).toBe(1);
  expect(second).not.toBe(first);
  expect(await getRsvpByConfirmToken(first)).toEqual({ status: "invalid" });
  expect(await confirmRsvp(first)).toEqual({ status: "invalid" });
  expect((await confirmRsvp(second)).status).toBe("going");
});

test("confirming takes a place once: the second press does nothing more, and the person is emailed once", async () => {
  const event = await createEvent({ capacity: 5 });
  const token = await rsvpFor(event.id, "ada@example.org");
  const confirmed = await confirmRsvp(token);
  expect(confirmed.status).toBe("going");
  expect(await confirmRsvp(token)).toEqual({ status: "invalid" });
  const going = await emails("rsvp-going");
  expect(going).toHaveLength(1);
  expect(going[0]!.props).toMatchObject({
    onlineUrl: null,
    event: { id: event.id, place: expect.stringContaining("M5 4WT") },
  });
  expect(readRsvpToken(tokenIn(going[0]!.props.cancelUrl))).toMatchObject({ action: "cancel" });
});

test("a reply from someone already confirmed stores nothing new and tells them where they stand by email, not on the page", async () => {
  const event = await createEvent({ capacity: 1 });
  await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  const before = await prisma.rsvp.findMany({ orderBy: { email: "asc" } });
  expect(await createRsvp(event.id, { name: "Ada", email: "ada@example.org" })).toEqual({ status: "sent" });
  expect(await createRsvp(event.id, { name: "Bob", email: "bob@example.org" })).toEqual({ status: "sent" });
  expect(await prisma.rsvp.findMany({ orderBy: { email: "asc" } })).toEqual(before);
  expect((await emails("rsvp-confirm")).map((m) => m.to)).toEqual(["ada@example.org", "bob@example.org"]);
  expect((await emails("rsvp-going")).map((m) => m.to)).toEqual(["ada@example.org", "ada@example.org"]);
  expect((await emails("rsvp-waiting")).map((m) => [m.to, m.props.position])).toEqual([
    ["bob@example.org", 1],
    ["bob@example.org", 1],
  ]);
});

test("the joining link of an online event goes only to those going: their email and their page", async () => {
  const event = await createOnlineEvent({ capacity: 1 });
  const going = await rsvpAndConfirm(event.id, "ada@example.org");
  const waiting = await rsvpAndConfirm(event.id, "bob@example.org");
  expect((await emails("rsvp-going"))[0]!.props.onlineUrl).toBe(event.onlineUrl);
  expect(JSON.stringify(await emails("rsvp-waiting"))).not.toContain(event.onlineUrl);
  expect((await getRsvpForManage(going.manageToken))?.onlineUrl).toBe(event.onlineUrl);
  expect((await getRsvpForManage(waiting.manageToken))?.onlineUrl).toBeNull();
  expect(await getRsvpForManage(waiting.manageToken)).toMatchObject({ status: "waiting", position: 1 });
});

test("a freed place is offered to the first waiting until RSVP_OFFER_HOURS; accepted in time it is theirs", async () => {
  process.env.RSVP_OFFER_HOURS = "12";
  resetEnvCache();
  const event = await createEvent({ capacity: 1 });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  const bob = await rsvpAndConfirm(event.id, "bob@example.org");
  await rsvpAndConfirm(event.id, "cy@example.org");
  const now = new Date();
  expect(await actOnRsvp(link(ada.rsvpId, "cancel"), now)).toEqual({ status: "done", action: "cancel" });
  const offered = await prisma.rsvp.findUniqueOrThrow({ where: { id: bob.rsvpId } });
  expect(offered).toMatchObject({ status: "offered", offerExpiresAt: new Date(now.getTime() + 12 * HOUR) });
  expect(await statusOf("cy@example.org")).toBe("waiting");
  const [offer] = await emails("rsvp-offer");
  expect(offer).toMatchObject({ to: "bob@example.org", props: { expiresAt: offered.offerExpiresAt!.toISOString() } });

  // The accept link's page changes nothing until its button is pressed.
  const accept = tokenIn(offer!.props.acceptUrl);
  expect(await getRsvpForManage(accept, now)).toMatchObject({ action: "accept", canAct: true, status: "offered" });
  expect(await statusOf("bob@example.org")).toBe("offered");
  expect(await actOnRsvp(accept, new Date(now.getTime() + 11 * HOUR))).toMatchObject({ status: "done" });
  expect(await statusOf("bob@example.org")).toBe("going");
  expect((await emails("rsvp-going")).filter((m) => m.to === "bob@example.org")).toHaveLength(1);
  expect(await actOnRsvp(accept, new Date(now.getTime() + 11 * HOUR))).toMatchObject({ status: "unchanged" });
});

test("an offer not taken in time passes to the next, once, whichever worker sees it; a late accept does nothing", async () => {
  const event = await createEvent({ capacity: 1 });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  const bob = await rsvpAndConfirm(event.id, "bob@example.org");
  await rsvpAndConfirm(event.id, "cy@example.org");
  const now = new Date();
  await actOnRsvp(link(ada.rsvpId, "cancel"), now);
  expect(await expireOffers(new Date(now.getTime() + 23 * HOUR))).toBe(0);
  expect(await statusOf("bob@example.org")).toBe("offered");
  const later = new Date(now.getTime() + 24 * HOUR + 1000);
  const runs = await Promise.all([expireOffers(later), expireOffers(later)]);
  expect(runs.sort()).toEqual([0, 1]);
  expect(await statusOf("bob@example.org")).toBe("cancelled");
  expect(await statusOf("cy@example.org")).toBe("offered");
  expect((await emails("rsvp-offer")).map((m) => m.to)).toEqual(["bob@example.org", "cy@example.org"]);
  expect(await actOnRsvp(link(bob.rsvpId, "accept"), later)).toMatchObject({ status: "unchanged" });
  expect(await statusOf("bob@example.org")).toBe("cancelled");
});

test("declining an offer passes it on; raising the capacity offers the new places in the queue's order", async () => {
  const event = await createEvent({ capacity: 1 });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  const bob = await rsvpAndConfirm(event.id, "bob@example.org");
  for (const email of ["cy@example.org", "di@example.org", "ed@example.org"]) await rsvpAndConfirm(event.id, email);
  await actOnRsvp(link(ada.rsvpId, "cancel"));
  expect(await actOnRsvp(link(bob.rsvpId, "decline"))).toMatchObject({ status: "done" });
  expect(await statusOf("bob@example.org")).toBe("cancelled");
  expect(await statusOf("cy@example.org")).toBe("offered");
  const offered = await prisma.$transaction(async (tx) => {
    await tx.event.update({ where: { id: event.id }, data: { capacity: 3 } });
    return offerFreedPlaces(tx, event.id);
  });
  expect(offered.map((r) => r.email)).toEqual(["di@example.org", "ed@example.org"]);
  expect(await prisma.rsvp.count({ where: { status: { in: ["going", "offered"] } } })).toBe(3);
});

test("a reminder once to each person going, EVENT_REMINDER_HOURS before, with one-tap still coming and can't come", async () => {
  process.env.EVENT_REMINDER_HOURS = "24";
  resetEnvCache();
  const now = new Date();
  const event = await createEvent({ capacity: 1, startsAt: new Date(now.getTime() + 3 * DAY) });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  expect(await queueDueReminders(new Date(now.getTime() + 47 * HOUR))).toBe(0);
  const dayBefore = new Date(now.getTime() + 49 * HOUR);
  // Two workers at the same moment: one reminder.
  expect((await Promise.all([queueDueReminders(dayBefore), queueDueReminders(dayBefore)])).sort()).toEqual([0, 1]);
  expect(await queueDueReminders(new Date(now.getTime() + 60 * HOUR))).toBe(0);
  const reminders = await emails("event-reminder");
  expect(reminders.map((m) => m.to)).toEqual(["ada@example.org"]);

  const stillComing = tokenIn(reminders[0]!.props.stillComingUrl);
  expect(await actOnRsvp(stillComing, dayBefore)).toMatchObject({ status: "done" });
  expect((await prisma.rsvp.findUniqueOrThrow({ where: { id: ada.rsvpId } })).stillComingAt).toEqual(dayBefore);
  // "Can't come now" frees the place for the waitlist.
  expect(await actOnRsvp(tokenIn(reminders[0]!.props.cantComeUrl), dayBefore)).toMatchObject({ status: "done" });
  expect(await statusOf("ada@example.org")).toBe("cancelled");
  expect(await statusOf("bob@example.org")).toBe("offered");
});

test("after the event one follow-up each, to those going or marked attended, with the campaign's pledge link while it runs", async () => {
  const campaign = await createCampaign({ slug: "winter-warmth" });
  const now = new Date();
  const event = await createEvent({ campaignId: campaign.id, startsAt: new Date(now.getTime() + DAY) });
  const plain = await createEvent({ startsAt: new Date(now.getTime() + DAY) });
  await rsvpAndConfirm(event.id, "ada@example.org");
  const bob = await rsvpAndConfirm(event.id, "bob@example.org");
  await rsvpAndConfirm(plain.id, "cy@example.org");
  await prisma.rsvp.update({ where: { id: bob.rsvpId }, data: { status: "cancelled", attendedAt: now } });
  await rsvpFor(event.id, "never-confirmed@example.org");
  await createConfirmedPledge({ name: "Ada", email: "ada@example.org", commitment: "I will pick litter monthly." });

  expect(await queueDueFollowUps(new Date(now.getTime() + DAY + HOUR))).toBe(0);
  const after = new Date(now.getTime() + DAY + 3 * HOUR);
  expect((await Promise.all([queueDueFollowUps(after), queueDueFollowUps(after)])).sort()).toEqual([0, 3]);
  expect(await queueDueFollowUps(new Date(after.getTime() + DAY))).toBe(0);
  const followUps = (await emails("event-follow-up")).sort((a, b) => a.to.localeCompare(b.to));
  expect(followUps.map((m) => [m.to, m.props.pledgeUrl, m.props.hasPledge])).toEqual([
    ["ada@example.org", "http://localhost:3000/pledge?campaign=winter-warmth", true],
    ["bob@example.org", "http://localhost:3000/pledge?campaign=winter-warmth", false],
    ["cy@example.org", "http://localhost:3000/pledge", false],
  ]);
});

test("no follow-up for an event that ended more than a week ago (a worker that was down stays quiet)", async () => {
  const event = await createEvent({ startsAt: new Date(Date.now() + HOUR) });
  await rsvpAndConfirm(event.id, "ada@example.org");
  expect(await queueDueFollowUps(new Date(Date.now() + 8 * DAY + 3 * HOUR))).toBe(0);
});

test("a change emails everyone going, offered or waiting once; a cancellation tells them and closes every RSVP, pending ones too", async () => {
  const event = await createEvent({ capacity: 1 });
  await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  const pending = await rsvpFor(event.id, "cy@example.org");
  await prisma.$transaction((tx) =>
    queueEventChangeEmails(tx, event, { kind: "changed", changes: ["It now starts at 11:00."] }),
  );
  const changed = await emails("event-changed");
  expect(changed.map((m) => [m.to, m.props.status, m.props.changes])).toEqual([
    ["ada@example.org", "going", ["It now starts at 11:00."]],
    ["bob@example.org", "waiting", ["It now starts at 11:00."]],
  ]);

  await prisma.$transaction(async (tx) => {
    await tx.event.update({ where: { id: event.id }, data: { status: "cancelled", cancelledAt: new Date() } });
    await queueEventChangeEmails(tx, event, { kind: "cancelled" });
  });
  expect((await emails("event-cancelled")).map((m) => m.to)).toEqual(["ada@example.org", "bob@example.org"]);
  expect(new Set((await prisma.rsvp.findMany()).map((r) => r.status))).toEqual(new Set(["cancelled"]));
  // The pending RSVP's link can no longer take a place.
  expect(await confirmRsvp(pending)).toEqual({ status: "invalid" });
  expect(await statusOf("cy@example.org")).toBe("cancelled");
});

test("a pending RSVP for an event cancelled any way cannot be confirmed, and its page says why", async () => {
  const event = await createEvent();
  const token = await rsvpFor(event.id, "ada@example.org");
  await prisma.event.update({ where: { id: event.id }, data: { status: "cancelled" } });
  expect(await getRsvpByConfirmToken(token)).toMatchObject({ status: "closed", reason: "cancelled" });
  expect(await confirmRsvp(token)).toEqual({ status: "closed", reason: "cancelled" });
  expect(await statusOf("ada@example.org")).toBe("pending");
  expect(await emails("rsvp-going")).toEqual([]);
});

test("a manage link does only its own action, on its own RSVP; a forged, junk or other-purpose token does nothing", async () => {
  const event = await createEvent({ capacity: 3 });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  // A "Still coming" link cannot cancel; "view" acts on nothing.
  expect(await getRsvpForManage(link(ada.rsvpId, "still-coming"))).toMatchObject({ canAct: true });
  expect(await actOnRsvp(link(ada.rsvpId, "view"))).toMatchObject({ status: "unchanged" });
  expect(await actOnRsvp(link(ada.rsvpId, "accept"))).toMatchObject({ status: "unchanged" });
  expect(await statusOf("ada@example.org")).toBe("going");
  const good = link(ada.rsvpId, "cancel");
  const forged = `${good.slice(0, -2)}${good.endsWith("AA") ? "BB" : "AA"}`;
  for (const junk of [forged, "", "x".repeat(5000), "abc.def", "../../etc/passwd"]) {
    expect(await getRsvpForManage(junk)).toBeNull();
    expect(await actOnRsvp(junk)).toEqual({ status: "invalid" });
  }
  expect(await statusOf("ada@example.org")).toBe("going");
});

test("the RSVP form: a mistake is a 400 with the errors, a huge name or a junk event a 4xx, a robot stores nothing", async () => {
  const event = await createEvent();
  const post = (fields: Record<string, string>, id = event.id) =>
    settle(
      () => rsvpAction(actionArgs(`/events/${id}/rsvp`, fields, { ip: freshIp(), params: { id } })) as Promise<unknown>,
    );
  const bad = (await post({ name: "", email: "not-an-address" })) as { init: { status: number }; data: unknown };
  expect(bad.init.status).toBe(400);
  expect(JSON.stringify(bad.data)).toContain("Enter your name");
  expect(JSON.stringify(bad.data)).toContain("Enter an email address like name@example.com");
  expect(((await post({ name: "x".repeat(100_000), email: "ada@example.org" })) as Response).status).toBe(413);
  expect(
    ((await post({ name: "x".repeat(101), email: "ada@example.org" })) as { init: { status: number } }).init.status,
  ).toBe(400);
  for (const id of ["junk", "00000000-0000-4000-8000-000000000000"])
    expect(((await post({ name: "Ada", email: "ada@example.org" }, id)) as Response).status).toBe(404);
  const robot = (await post({ name: "Bot", email: "bot@example.org", homepage: "http://spam" })) as Response;
  expect(robot.headers.get("Location")).toBe(`/events/${event.id}/rsvp?sent=1`);
  expect(await prisma.rsvp.count()).toBe(0);

  const sent = (await post({ name: "Ada", email: "ada@example.org" })) as Response;
  expect(sent.status).toBe(302);
  expect(sent.headers.get("Location")).toBe(`/events/${event.id}/rsvp?sent=1`);
  expect(await prisma.rsvp.count()).toBe(1);

  const cancelled = await createEvent({ status: "cancelled" });
  const refused = (await post({ name: "Ada", email: "ada@example.org" }, cancelled.id)) as Response;
  expect(refused.status).toBe(409);
  expect(await refused.text()).toContain("cancelled");
  const loaded = (await settle(() => rsvpLoader(loaderArgs("/events/junk/rsvp", { id: "junk" })))) as Response;
  expect(loaded.status).toBe(404);
});

test("the RSVP form is rate limited per address", async () => {
  const event = await createEvent();
  const ip = freshIp();
  const statuses: number[] = [];
  for (let i = 0; i < 11; i += 1) {
    const answer = await settle(() =>
      rsvpAction(
        actionArgs(
          `/events/${event.id}/rsvp`,
          { name: "Ada", email: `ada${i}@example.org` },
          { ip, params: { id: event.id } },
        ),
      ),
    );
    statuses.push((answer as Response).status);
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(302));
  expect(statuses[10]).toBe(429);
});

test("the confirmation page: GET changes nothing, the button confirms and leads to the person's own page; junk links are 404", async () => {
  const event = await createOnlineEvent();
  const token = await rsvpFor(event.id, "ada@example.org");
  const page = await confirmLoader(loaderArgs(`/rsvps/confirm/${token}`, { token }));
  expect(page.init?.status).toBe(200);
  expect(await statusOf("ada@example.org")).toBe("pending");
  const pressed = (await confirmAction(actionArgs(`/rsvps/confirm/${token}`, {}, { params: { token } }))) as Response;
  const location = pressed.headers.get("Location")!;
  expect(location).toMatch(/^\/rsvps\/manage\/[\w-]+\.[\w-]+\?confirmed=1$/);
  expect(await statusOf("ada@example.org")).toBe("going");
  const manageToken = location.split("/rsvps/manage/")[1]!.split("?")[0]!;
  const view = await manageLoader(loaderArgs(location, { token: manageToken }));
  expect(view).toMatchObject({ status: "going", onlineUrl: event.onlineUrl, action: "view" });

  for (const junk of ["junk", token, "%00", "a".repeat(5000)]) {
    const again = await confirmLoader(loaderArgs(`/rsvps/confirm/x`, { token: junk }));
    expect(again.init?.status).toBe(404);
    const manage = (await settle(() => manageLoader(loaderArgs(`/rsvps/manage/x`, { token: junk })))) as Response;
    expect(manage.status).toBe(404);
    const act = (await settle(() =>
      manageAction(actionArgs(`/rsvps/manage/x`, {}, { params: { token: junk } })),
    )) as Response;
    expect(act.status).toBe(404);
  }
  expect(await rsvpConfirmTokenFor("ada@example.org")).toBe(token);
});

test("the manage page's button: GET shows the action, POST does it and shows the result", async () => {
  const event = await createEvent();
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  const token = link(ada.rsvpId, "cancel");
  expect(await manageLoader(loaderArgs(`/rsvps/manage/${token}`, { token }))).toMatchObject({
    action: "cancel",
    canAct: true,
    status: "going",
  });
  expect(await statusOf("ada@example.org")).toBe("going");
  const pressed = (await manageAction(actionArgs(`/rsvps/manage/${token}`, {}, { params: { token } }))) as Response;
  expect(pressed.headers.get("Location")).toBe(`/rsvps/manage/${token}?done=cancel`);
  expect(await statusOf("ada@example.org")).toBe("cancelled");
  expect(await manageLoader(loaderArgs(`/rsvps/manage/${token}`, { token }))).toMatchObject({
    canAct: false,
    status: "cancelled",
  });
});

test("someone who cancelled can reply again: a new link, and the back of the queue when they confirm", async () => {
  const event = await createEvent({ capacity: 1 });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  await actOnRsvp(link(ada.rsvpId, "cancel"));
  await rsvpAndConfirm(event.id, "cy@example.org");
  expect(await statusOf("ada@example.org")).toBe("cancelled");
  const again = await confirmRsvp(await rsvpFor(event.id, "ada@example.org"));
  expect(again).toMatchObject({ status: "waiting", rsvpId: ada.rsvpId });
  expect(await getRsvpForManage(again.status === "waiting" ? again.manageToken : "")).toMatchObject({ position: 2 });
  expect(await prisma.rsvp.count({ where: { email: "ada@example.org" } })).toBe(1);
});

test("RSVPs never confirmed are deleted once their link has run out; confirmed ones stay", async () => {
  const event = await createEvent();
  await rsvpFor(event.id, "pending@example.org");
  await rsvpAndConfirm(event.id, "ada@example.org");
  expect(await purgeUnconfirmedRsvps(new Date(Date.now() + 6 * DAY))).toBe(0);
  expect(await purgeUnconfirmedRsvps(new Date(Date.now() + 8 * DAY))).toBe(1);
  expect((await prisma.rsvp.findMany()).map((r) => r.email)).toEqual(["ada@example.org"]);
});

test("an example event's seeded attendees are never emailed when it changes; a real person who replied to it is", async () => {
  const event = await createEvent({ isExample: true });
  await prisma.rsvp.create({
    data: {
      id: "00000000-0000-4000-8000-0000000000e1",
      eventId: event.id,
      name: "Example Person",
      email: "example-rsvp-1@example.org",
      emailNormalised: "example-rsvp-1@example.org",
      status: "going",
      queueSeq: 1n,
      confirmedAt: new Date(),
    },
  });
  await rsvpAndConfirm(event.id, "real@example.org");
  const emailed = await prisma.$transaction((tx) => queueEventChangeEmails(tx, event, { kind: "cancelled" }));
  expect(emailed).toBe(1);
  expect((await emails("event-cancelled")).map((m) => m.to)).toEqual(["real@example.org"]);
});

test("once the event has started, cancel, can't come and decline do nothing, and the page says it has started", async () => {
  const event = await createEvent({ capacity: 1, startsAt: new Date(Date.now() + 2 * DAY) });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  const bob = await rsvpAndConfirm(event.id, "bob@example.org");
  await rsvpAndConfirm(event.id, "cy@example.org");
  await prisma.rsvp.update({ where: { id: bob.rsvpId }, data: { status: "offered", offerExpiresAt: event.startsAt } });
  const during = new Date(event.startsAt.getTime() + 30 * 60 * 1000);
  for (const [rsvpId, action] of [
    [ada.rsvpId, "cancel"],
    [ada.rsvpId, "cant-come"],
    [bob.rsvpId, "decline"],
  ] as const) {
    const token = link(rsvpId, action);
    expect(await getRsvpForManage(token, during)).toMatchObject({ canAct: false, event: { started: true } });
    expect(await actOnRsvp(token, during)).toEqual({ status: "unchanged", action });
  }
  expect(await statusOf("ada@example.org")).toBe("going");
  expect(await statusOf("bob@example.org")).toBe("offered");
  expect(await statusOf("cy@example.org")).toBe("waiting");
  expect(await emails("rsvp-offer")).toEqual([]);
  // A minute before the start they still act.
  const before = new Date(event.startsAt.getTime() - 60_000);
  expect(await actOnRsvp(link(ada.rsvpId, "cant-come"), before)).toMatchObject({ status: "done" });
});

test("after a postponement the links already emailed still work until a week after the new end, and not after", async () => {
  const now = new Date();
  const event = await createEvent({ startsAt: new Date(now.getTime() + 2 * DAY) });
  await rsvpAndConfirm(event.id, "ada@example.org");
  const cancel = tokenIn((await emails("rsvp-going"))[0]!.props.cancelUrl);
  const startsAt = new Date(now.getTime() + 40 * DAY);
  const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
  await prisma.event.update({ where: { id: event.id }, data: { startsAt, endsAt } });
  // Twenty days on (the clock too: a token's own expiry is read from it): past the old date and its week, before the new.
  const meanwhile = new Date(now.getTime() + 20 * DAY);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(meanwhile);
  expect(await getRsvpForManage(cancel, meanwhile)).toMatchObject({ action: "cancel", canAct: true });
  // A week after the new end, the link no longer opens anything.
  const weekAfter = new Date(endsAt.getTime() + 7 * DAY);
  expect(await getRsvpForManage(cancel, new Date(weekAfter.getTime() - HOUR))).not.toBeNull();
  expect(await getRsvpForManage(cancel, weekAfter)).toBeNull();
  expect(await actOnRsvp(cancel, weekAfter)).toEqual({ status: "invalid" });
  expect(await actOnRsvp(cancel, meanwhile)).toEqual({ status: "done", action: "cancel" });
});
