/**
 * What an organiser's change to a published event does to the people coming,
 * under a controlled clock: a new start moves the reminders and caps the
 * offers, a start or end in the past is refused, no limit lets the waitlist
 * in, an event that has ended is not cancelled, and the change email tells
 * each person what they need (the joining link, the offer they hold).
 */
import { beforeEach, expect, test } from "vitest";
import type { Event } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { renderEmail } from "~/utils/email.server";
import { resetEnvCache } from "~/utils/env.server";
import { request, signedIn } from "../../tests/accounts";
import { createEvent, rsvpAndConfirm } from "../../tests/events";
import { settle } from "../../tests/helpers";
import { action as manageAction } from "~/routes/events.$id.manage";
import { setEventStatus, updateEvent } from "./event-admin.server";
import type { EventEmailProps } from "./event";
import type { EventInput } from "./event-form";
import { rsvpToken } from "./rsvp-links.server";
import { actOnRsvp, expireOffers, queueDueFollowUps, queueDueReminders } from "./rsvp.server";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** Times as the form gives them: to the minute. */
const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000);

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  delete process.env.RSVP_OFFER_HOURS;
  delete process.env.EVENT_REMINDER_HOURS;
  resetEnvCache();
});

/** The event's form as saved, but what is given. */
function edit(event: Event, fields: Partial<EventInput> = {}): EventInput {
  return {
    title: event.title,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    mode: event.mode as EventInput["mode"],
    venueName: event.venueName ?? undefined,
    address: event.address ?? undefined,
    postcode: event.postcode ?? undefined,
    onlineUrl: event.onlineUrl ?? undefined,
    capacity: event.capacity ?? undefined,
    contactName: event.contactName,
    contactEmail: event.contactEmail,
    ...fields,
  };
}

/** Starting at `startsAt`, for two hours. */
const at = (startsAt: Date) => ({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR) });

const rsvp = (id: string) => prisma.rsvp.findUniqueOrThrow({ where: { id } });

test("a start moved earlier cuts the offers held to the new start: nobody accepts once it has begun", async () => {
  process.env.RSVP_OFFER_HOURS = "48";
  resetEnvCache();
  const now = new Date();
  const event = await createEvent({ capacity: 1, startsAt: minute(now.getTime() + 5 * DAY) });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  const bob = await rsvpAndConfirm(event.id, "bob@example.org");
  await actOnRsvp(rsvpToken(ada.rsvpId, "cancel"), now);
  expect(await rsvp(bob.rsvpId)).toMatchObject({
    status: "offered",
    offerExpiresAt: new Date(now.getTime() + 48 * HOUR),
  });

  // A start moved later leaves the offer as it was.
  expect(await updateEvent(event.id, edit(event, at(minute(now.getTime() + 6 * DAY))), now)).toMatchObject({
    ok: true,
  });
  expect((await rsvp(bob.rsvpId)).offerExpiresAt).toEqual(new Date(now.getTime() + 48 * HOUR));
  const soon = minute(now.getTime() + 2 * HOUR);
  expect(await updateEvent(event.id, edit(event, at(soon)), now)).toEqual({ ok: true, id: event.id });
  expect((await rsvp(bob.rsvpId)).offerExpiresAt).toEqual(soon);
  const accept = rsvpToken(bob.rsvpId, "accept");
  expect(await actOnRsvp(accept, new Date(soon.getTime() + 30 * 60_000))).toMatchObject({ status: "unchanged" });
  expect((await rsvp(bob.rsvpId)).status).toBe("offered");
  expect(await prisma.emailMessage.count({ where: { template: "rsvp-going", toAddress: "bob@example.org" } })).toBe(0);
});

test("a postponed event reminds those going again before its new date, and asks again whether they are still coming", async () => {
  process.env.EVENT_REMINDER_HOURS = "24";
  resetEnvCache();
  const now = new Date();
  const event = await createEvent({ startsAt: minute(now.getTime() + 12 * HOUR) });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  expect(await queueDueReminders(now)).toBe(1);
  await actOnRsvp(rsvpToken(ada.rsvpId, "still-coming"), now);
  expect((await rsvp(ada.rsvpId)).stillComingAt).not.toBeNull();

  const later = minute(now.getTime() + 7 * DAY);
  expect(await updateEvent(event.id, edit(event, at(later)), now)).toMatchObject({ ok: true });
  expect(await rsvp(ada.rsvpId)).toMatchObject({ reminderSentAt: null, stillComingAt: null });
  expect(await queueDueReminders(new Date(now.getTime() + HOUR))).toBe(0);
  expect(await queueDueReminders(new Date(later.getTime() - 12 * HOUR))).toBe(1);
  const reminders = await prisma.emailMessage.findMany({
    where: { template: "event-reminder" },
    orderBy: { id: "asc" },
  });
  expect(reminders.map((m) => (m.props as { event: { startsAt: string } }).event.startsAt)).toEqual([
    event.startsAt.toISOString(),
    later.toISOString(),
  ]);
});

test("an event that has ended is not cancelled, and no one who went is told it was", async () => {
  const now = new Date();
  const event = await createEvent({ startsAt: new Date(now.getTime() + 2 * DAY) });
  await rsvpAndConfirm(event.id, "ada@example.org");
  await prisma.emailMessage.deleteMany();
  const ended = new Date(event.endsAt.getTime() + HOUR);
  expect(await setEventStatus(event.id, "cancel", ended)).toEqual({
    ok: false,
    message: "This event has already ended: it cannot be cancelled.",
  });
  expect(await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "published" });
  expect(await prisma.rsvp.findFirstOrThrow()).toMatchObject({ status: "going" });
  expect(await prisma.emailMessage.count()).toBe(0);
  // The organiser's page answers 409 with the sentence, as for its other refusals.
  await prisma.event.update({ where: { id: event.id }, data: at(new Date(now.getTime() - 5 * HOUR)) });
  const { cookie } = await signedIn("ended-admin@example.org", "admin");
  const manage = `/events/${event.id}/manage`;
  const answer = (await settle(() =>
    manageAction({
      request: request(manage, cookie, { intent: "cancel", confirm: "yes" }),
      params: { id: event.id },
      context: { clientIp: "203.0.113.1" },
    }),
  )) as { init: { status: number }; data: unknown };
  expect(answer.init.status).toBe(409);
  expect(JSON.stringify(answer.data)).toContain("This event has already ended: it cannot be cancelled.");
  expect(await prisma.emailMessage.count()).toBe(0);
  await prisma.event.update({ where: { id: event.id }, data: { startsAt: event.startsAt, endsAt: event.endsAt } });
  // While it is under way it still may be (called off part way through).
  expect(await setEventStatus(event.id, "cancel", new Date(event.startsAt.getTime() + HOUR))).toMatchObject({
    ok: true,
  });
});

test("removing the capacity lets everyone waiting or offered a place in at once, each told once; nobody's offer runs out", async () => {
  const now = new Date();
  const event = await createEvent({ capacity: 1, startsAt: minute(now.getTime() + 10 * DAY) });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  const cy = await rsvpAndConfirm(event.id, "cy@example.org");
  await rsvpAndConfirm(event.id, "di@example.org");
  await actOnRsvp(rsvpToken(ada.rsvpId, "cancel"), now);
  expect(await prisma.rsvp.findMany({ orderBy: { queueSeq: "asc" }, select: { status: true } })).toEqual([
    { status: "cancelled" },
    { status: "offered" },
    { status: "waiting" },
    { status: "waiting" },
  ]);
  await prisma.emailMessage.deleteMany();

  expect(await updateEvent(event.id, edit(event, { capacity: undefined }), now)).toMatchObject({ ok: true });
  const going = await prisma.rsvp.findMany({ where: { status: "going" }, orderBy: { queueSeq: "asc" } });
  expect(going.map((r) => [r.email, r.offerExpiresAt])).toEqual([
    ["bob@example.org", null],
    ["cy@example.org", null],
    ["di@example.org", null],
  ]);
  const emails = await prisma.emailMessage.findMany({ orderBy: { id: "asc" } });
  expect(emails.map((m) => [m.template, m.toAddress])).toEqual([
    ["rsvp-going", "bob@example.org"],
    ["rsvp-going", "cy@example.org"],
    ["rsvp-going", "di@example.org"],
  ]);
  // Days later the worker finds no offer to expire, and nobody has lost their place.
  expect(await expireOffers(new Date(now.getTime() + 3 * DAY))).toBe(0);
  expect((await rsvp(cy.rsvpId)).status).toBe("going");
});

test("an edit may not move the start into the past, nor give a published event an end that has passed", async () => {
  const now = new Date();
  const event = await createEvent({ startsAt: minute(now.getTime() + 5 * DAY) });
  await rsvpAndConfirm(event.id, "ada@example.org");
  await prisma.emailMessage.deleteMany();
  // A typo in the month: two days ago.
  expect(await updateEvent(event.id, edit(event, at(minute(now.getTime() - 2 * DAY))), now)).toEqual({
    ok: false,
    refusal: { field: "startsAt", message: "The start must not be in the past" },
  });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).startsAt).toEqual(event.startsAt);
  expect(await queueDueFollowUps(now)).toBe(0);
  expect(await prisma.emailMessage.count()).toBe(0);

  // Under way: the start it has is kept and the words may change; its end may not be put in the past.
  const during = new Date(event.startsAt.getTime() + HOUR);
  expect(await updateEvent(event.id, edit(event, { title: "Litter pick, now with tea" }), during)).toMatchObject({
    ok: true,
  });
  expect(await updateEvent(event.id, edit(event, { endsAt: new Date(during.getTime() - 60_000) }), during)).toEqual({
    ok: false,
    refusal: { field: "endsAt", message: "The end must not be in the past for a published event" },
  });
  expect(await queueDueFollowUps(during)).toBe(0);
  // Once it has ended, its words may still be corrected.
  const after = new Date(event.endsAt.getTime() + HOUR);
  expect(await updateEvent(event.id, edit(event, { title: "Litter pick on the Crescent" }), after)).toMatchObject({
    ok: true,
  });
});

/** The event-changed email each address was sent, as its reader sees it. */
async function changeEmails() {
  const messages = await prisma.emailMessage.findMany({ where: { template: "event-changed" }, orderBy: { id: "asc" } });
  return Object.fromEntries(
    messages.map((m) => [
      m.toAddress,
      {
        props: m.props as EventEmailProps["event-changed"],
        ...renderEmail({ template: m.template, to: m.toAddress, props: m.props }),
      },
    ]),
  );
}

test("moving an event online, or changing its link, emails the joining link to those going, after their reminder too, and to no one else", async () => {
  const now = new Date();
  const event = await createEvent({ capacity: 1, startsAt: minute(now.getTime() + 12 * HOUR) });
  await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  expect(await queueDueReminders(now)).toBe(1);
  const online = { mode: "online" as const, venueName: undefined, address: undefined, postcode: undefined };
  await updateEvent(event.id, edit(event, { ...online, onlineUrl: "https://meet.example.org/new-room" }), now);
  let sent = await changeEmails();
  expect(sent["ada@example.org"]!.props).toMatchObject({
    status: "going",
    onlineUrl: "https://meet.example.org/new-room",
  });
  expect(sent["ada@example.org"]!.text).toContain("https://meet.example.org/new-room");
  expect(sent["bob@example.org"]!.props).toMatchObject({ status: "waiting", onlineUrl: null });
  expect(JSON.stringify(sent["bob@example.org"])).not.toContain("new-room");

  await prisma.emailMessage.deleteMany();
  await updateEvent(event.id, edit(event, { ...online, onlineUrl: "https://meet.example.org/other-room" }), now);
  sent = await changeEmails();
  expect(sent["ada@example.org"]!.text).toContain("The joining link has changed.");
  expect(sent["ada@example.org"]!.text).toContain("https://meet.example.org/other-room");
  expect(JSON.stringify(sent["bob@example.org"])).not.toContain("other-room");
});

test("the change email tells each person where they stand: going, offered a place (with its link and when it ends) or waiting", async () => {
  process.env.RSVP_OFFER_HOURS = "24";
  resetEnvCache();
  const now = new Date();
  const event = await createEvent({ capacity: 2, startsAt: minute(now.getTime() + 5 * DAY) });
  const ada = await rsvpAndConfirm(event.id, "ada@example.org");
  await rsvpAndConfirm(event.id, "ed@example.org");
  await rsvpAndConfirm(event.id, "bob@example.org");
  await rsvpAndConfirm(event.id, "cy@example.org");
  await rsvpAndConfirm(event.id, "di@example.org");
  await actOnRsvp(rsvpToken(ada.rsvpId, "cancel"), now);
  await updateEvent(event.id, edit(event, at(minute(now.getTime() + 6 * DAY))), now);
  const sent = await changeEmails();
  expect(Object.keys(sent).sort()).toEqual(["bob@example.org", "cy@example.org", "di@example.org", "ed@example.org"]);

  const offered = sent["bob@example.org"]!;
  const expiresAt = (await prisma.rsvp.findFirstOrThrow({ where: { email: "bob@example.org" } })).offerExpiresAt!;
  expect(offered.props).toMatchObject({ status: "offered", expiresAt: expiresAt.toISOString() });
  expect(offered.text).not.toMatch(/waiting list, and we will email you/);
  expect(offered.text).toContain("A place is still held for you until");
  // The accept link works: it takes the place.
  expect(offered.text).toContain(offered.props.acceptUrl!);
  const accept = decodeURIComponent(offered.props.acceptUrl!.split("/rsvps/manage/")[1]!);
  expect(await actOnRsvp(accept, now)).toEqual({ status: "done", action: "accept" });

  expect(sent["cy@example.org"]!.props).toMatchObject({ status: "waiting", acceptUrl: null, expiresAt: null });
  expect(sent["cy@example.org"]!.text).toContain("You are still on the waiting list");
  expect(sent["ed@example.org"]!.props).toMatchObject({ status: "going" });
  expect(sent["ed@example.org"]!.text).toContain("Your place is still saved.");
});
