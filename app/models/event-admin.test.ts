/**
 * Making and running events through the model: a new event is a draft with
 * its place found from its postcode; a published event's new time or place is
 * emailed to everyone coming, once; a higher capacity offers the freed places;
 * a capacity below the places taken is refused; cancelling tells everyone;
 * back to draft only while nobody has replied.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { createOrganisation, signedIn } from "../../tests/accounts";
import { eventInput, createEvent as writeEvent, rsvpAndConfirm, rsvpFor } from "../../tests/events";
import { prisma } from "~/utils/db.server";
import { createEvent, setEventStatus, updateEvent } from "./event-admin.server";

const ORDSALL = "E05013028";

/** The event's input as the form's own schema reads it (so the tests go through the same rules). */
const input = eventInput;

/** An edit that keeps everything the event has, but what is given. */
function edit(fields: Record<string, string>) {
  return input({ ...fields });
}

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  await prisma.organisation.deleteMany();
});

const emailsOf = (template: string) =>
  prisma.emailMessage.findMany({ where: { template }, select: { toAddress: true, props: true } });

test("a new event is a draft, placed in its ward at its postcode's point; only the organisers the user may choose are accepted", async () => {
  const { user: admin } = await signedIn("admin@example.org", "admin");
  const saved = await createEvent(admin, input({}));
  if (!saved.ok) throw new Error(saved.refusal.message);
  expect(await prisma.event.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({
    status: "draft",
    organisationId: null,
    postcode: "M5 4WT",
    wardCode: ORDSALL,
    startsAt: new Date("2099-03-06T10:00:00Z"),
    createdById: admin.id,
  });
  const event = await prisma.event.findUniqueOrThrow({ where: { id: saved.id } });
  expect(event.lat).toBeCloseTo(53.47, 1);
  expect(event.lon).toBeCloseTo(-2.28, 1);

  // A resident cannot make one for the Alliance, nor for an organisation they are not in, whatever they send.
  const { user: resident } = await signedIn("resident@example.org");
  const other = await createOrganisation("someone-elses");
  expect(await createEvent(resident, input({}))).toMatchObject({ ok: false, refusal: { field: "organisation" } });
  expect(await createEvent(resident, input({}, [other.id]))).toMatchObject({
    ok: false,
    refusal: { field: "organisation" },
  });
  // An owner can, for their verified organisation; not once it is no longer verified.
  await prisma.membership.create({ data: { userId: resident.id, organisationId: other.id, role: "owner" } });
  const theirs = await createEvent(resident, input({}, [other.id]));
  expect(theirs).toMatchObject({ ok: true });
  await prisma.organisation.update({ where: { id: other.id }, data: { status: "pending" } });
  expect(await createEvent(resident, input({}, [other.id]))).toMatchObject({ ok: false });
  expect(await prisma.event.count()).toBe(2);
});

test("a published event's new time is emailed once to everyone going, offered or waiting, and to no one who cancelled or has not confirmed", async () => {
  const event = await writeEvent({ capacity: 2 });
  await rsvpAndConfirm(event.id, "going-1@example.org", "Ann Going");
  await rsvpAndConfirm(event.id, "going-2@example.org", "Bob Going");
  await rsvpAndConfirm(event.id, "waiting@example.org", "Cat Waiting");
  await rsvpFor(event.id, "pending@example.org", "Dan Pending");
  await rsvpAndConfirm(event.id, "gone@example.org", "Eve Gone");
  await prisma.rsvp.update({
    where: { eventId_emailNormalised: { eventId: event.id, emailNormalised: "gone@example.org" } },
    data: { status: "cancelled", cancelledAt: new Date() },
  });
  await prisma.rsvp.update({
    where: { eventId_emailNormalised: { eventId: event.id, emailNormalised: "going-2@example.org" } },
    data: { status: "offered", offerExpiresAt: new Date(Date.now() + 86_400_000) },
  });

  const saved = await updateEvent(
    event.id,
    edit({ startsAt: "2099-03-06T11:00", endsAt: "2099-03-06T13:00", capacity: "2" }),
  );
  expect(saved).toEqual({ ok: true, id: event.id });
  const changed = await emailsOf("event-changed");
  expect(changed.map((m) => m.toAddress).sort()).toEqual([
    "going-1@example.org",
    "going-2@example.org",
    "waiting@example.org",
  ]);
  expect((changed[0]!.props as { changes: string[] }).changes).toEqual([
    "It now starts at Friday, 6 March 2099, 11:00 to 13:00.",
  ]);

  // Saving again with the same time and place, or changing only the words, tells no one again.
  await updateEvent(event.id, edit({ startsAt: "2099-03-06T11:00", endsAt: "2099-03-06T13:00", capacity: "2" }));
  await updateEvent(
    event.id,
    edit({ startsAt: "2099-03-06T11:00", endsAt: "2099-03-06T13:00", capacity: "2", title: "A new title" }),
  );
  expect(await prisma.emailMessage.count({ where: { template: "event-changed" } })).toBe(3);

  // A new place is one more email each, saying where.
  await updateEvent(
    event.id,
    edit({
      startsAt: "2099-03-06T11:00",
      endsAt: "2099-03-06T13:00",
      capacity: "2",
      venueName: "Salford Museum",
      address: "Peel Park, Crescent, Salford",
      postcode: "M5 4WU",
    }),
  );
  const moved = (await emailsOf("event-changed")).filter((m) =>
    (m.props as { changes: string[] }).changes[0]!.startsWith("It is now at Salford Museum"),
  );
  expect(moved).toHaveLength(3);
});

test("a draft's changes email no one", async () => {
  const event = await writeEvent({ status: "draft", publishedAt: null });
  await updateEvent(event.id, edit({ startsAt: "2099-03-07T11:00", endsAt: "2099-03-07T13:00" }));
  expect(await prisma.emailMessage.count({ where: { template: "event-changed" } })).toBe(0);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).startsAt).toEqual(
    new Date("2099-03-07T11:00:00Z"),
  );
});

test("raising the capacity offers the freed place to the first waiting; lowering it below the places taken is refused and changes nothing", async () => {
  const event = await writeEvent({ capacity: 1, startsAt: new Date("2099-03-06T10:00:00Z") });
  await rsvpAndConfirm(event.id, "first@example.org", "First");
  await rsvpAndConfirm(event.id, "second@example.org", "Second");
  await rsvpAndConfirm(event.id, "third@example.org", "Third");
  const statuses = async () =>
    Object.fromEntries((await prisma.rsvp.findMany({ where: { eventId: event.id } })).map((r) => [r.email, r.status]));
  expect(await statuses()).toEqual({
    "first@example.org": "going",
    "second@example.org": "waiting",
    "third@example.org": "waiting",
  });

  expect(await updateEvent(event.id, edit({ capacity: "2" }))).toMatchObject({ ok: true });
  expect(await statuses()).toEqual({
    "first@example.org": "going",
    "second@example.org": "offered",
    "third@example.org": "waiting",
  });
  expect((await emailsOf("rsvp-offer")).map((m) => m.toAddress)).toEqual(["second@example.org"]);

  // Two places are taken (one going, one offered): 1 would un-invite someone.
  expect(await updateEvent(event.id, edit({ capacity: "1" }))).toEqual({
    ok: false,
    refusal: {
      field: "capacity",
      message: "2 people have places (going, or offered one): the capacity cannot be lower than 2",
    },
  });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBe(2);
  expect(await statuses()).toMatchObject({ "second@example.org": "offered" });
  // No limit at all lets everyone in: the one offered and the one waiting are going, each told once.
  expect(await updateEvent(event.id, edit({}))).toMatchObject({ ok: true });
  expect(await statuses()).toEqual({
    "first@example.org": "going",
    "second@example.org": "going",
    "third@example.org": "going",
  });
  expect((await emailsOf("rsvp-offer")).map((m) => m.toAddress)).toEqual(["second@example.org"]);
});

test("publishing makes a draft public; cancelling emails everyone coming once; back to draft only while nobody has replied", async () => {
  const draft = await writeEvent({ status: "draft", publishedAt: null });
  expect(await setEventStatus(draft.id, "publish")).toEqual({ ok: true, status: "published" });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: draft.id } })).publishedAt).not.toBeNull();
  // Nobody has replied yet: it may go back.
  expect(await setEventStatus(draft.id, "draft")).toEqual({ ok: true, status: "draft" });
  await setEventStatus(draft.id, "publish");

  await rsvpAndConfirm(draft.id, "coming@example.org", "Coming");
  expect(await setEventStatus(draft.id, "draft")).toMatchObject({ ok: false });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("published");

  expect(await setEventStatus(draft.id, "cancel")).toEqual({ ok: true, status: "cancelled" });
  expect(await setEventStatus(draft.id, "cancel")).toEqual({ ok: true, status: "cancelled" });
  expect((await emailsOf("event-cancelled")).map((m) => m.toAddress)).toEqual(["coming@example.org"]);
  expect(await setEventStatus(draft.id, "publish")).toMatchObject({ ok: false });
  expect(await updateEvent(draft.id, edit({}))).toMatchObject({ ok: false });

  // An event that has ended is not published; no such event is null.
  const over = await writeEvent({
    status: "draft",
    startsAt: new Date("2020-01-01T10:00:00Z"),
    endsAt: new Date("2020-01-01T12:00:00Z"),
  });
  expect(await setEventStatus(over.id, "publish")).toMatchObject({ ok: false });
  expect(await setEventStatus(randomUUID(), "publish")).toBeNull();
  expect(await setEventStatus("not-an-id", "publish")).toBeNull();
  expect(await updateEvent(randomUUID(), edit({}))).toBeNull();
});

test("moving a published event online, or changing its joining link, says so to those coming", async () => {
  const event = await writeEvent({ startsAt: new Date("2099-03-06T10:00:00Z") });
  await rsvpAndConfirm(event.id, "coming@example.org", "Coming");
  const online = { mode: "online", venueName: "", address: "", postcode: "" };
  await updateEvent(event.id, edit({ ...online, onlineUrl: "https://meet.example.org/one" }));
  await updateEvent(event.id, edit({ ...online, onlineUrl: "https://meet.example.org/two" }));
  const changes = (
    await prisma.emailMessage.findMany({ where: { template: "event-changed" }, orderBy: { id: "asc" } })
  ).map((m) => (m.props as { changes: string[] }).changes);
  expect(changes).toEqual([["It is now online."], ["The joining link has changed."]]);
  expect(await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
    mode: "online",
    venueName: null,
    postcode: null,
    wardCode: null,
    lat: null,
    onlineUrl: "https://meet.example.org/two",
  });
});
