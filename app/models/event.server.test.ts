import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { createOrganisation } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { findPublicEvent, listEventPins, listPastEvents, listUpcomingEvents } from "./event.server";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

beforeEach(async () => {
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.organisation.deleteMany();
});

/** An event written to the database: published, in Ordsall, `inDays` from now for two hours. */
async function event(inDays: number, overrides: Partial<Prisma.EventUncheckedCreateInput> = {}) {
  const startsAt = new Date(Date.now() + inDays * DAY);
  return prisma.event.create({
    data: {
      id: randomUUID(),
      title: `Event in ${inDays} days`,
      description: "What happens, in **Markdown**.",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      mode: "place",
      venueName: "Ordsall Hall",
      address: "322 Ordsall Lane, Salford",
      postcode: "M5 4WT",
      wardCode: "E05013028",
      lat: 53.4735,
      lon: -2.2782,
      contactName: "Sam Organiser",
      contactEmail: "organiser@example.org",
      status: "published",
      ...overrides,
    },
  });
}

let people = 0;
async function rsvps(eventId: string, status: string, n: number, extra: { attendedAt?: Date } = {}) {
  for (let i = 0; i < n; i++) {
    people += 1;
    const email = `person-${people}@example.org`;
    await prisma.rsvp.create({
      data: { id: randomUUID(), eventId, name: `Person ${people}`, email, emailNormalised: email, status, ...extra },
    });
  }
}

test("upcoming: published and cancelled events not yet ended, soonest first; never a draft, never one that has ended", async () => {
  const later = await event(10);
  const soon = await event(2);
  const cancelled = await event(5, { status: "cancelled", cancelledAt: new Date() });
  await event(3, { status: "draft", title: "A draft" });
  await event(-3, { title: "Ended" });
  // Started an hour ago, ends in an hour: still on.
  const happening = await event(0, { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) });

  const upcoming = await listUpcomingEvents();
  expect(upcoming.map((e) => e.id)).toEqual([happening.id, soon.id, cancelled.id, later.id]);
  expect(upcoming.find((e) => e.id === cancelled.id)!.status).toBe("cancelled");
  expect((await listUpcomingEvents({ includeCancelled: false })).map((e) => e.id)).toEqual([
    happening.id,
    soon.id,
    later.id,
  ]);
  expect((await listUpcomingEvents({ limit: 2 })).map((e) => e.id)).toEqual([happening.id, soon.id]);
});

test("filters: by ward, campaign and organisation", async () => {
  const campaign = await createCampaign();
  const organisation = await createOrganisation("event-runners");
  const inOrdsall = await event(1);
  const inEccles = await event(2, { wardCode: "E05013024", postcode: "M30 0AA" });
  const forCampaign = await event(3, { campaignId: campaign.id, wardCode: "E05013024" });
  const byOrganisation = await event(4, { organisationId: organisation.id });

  const ids = async (filter: Parameters<typeof listUpcomingEvents>[0]) =>
    (await listUpcomingEvents(filter)).map((e) => e.id);
  expect(await ids({ wardCode: "E05013024" })).toEqual([inEccles.id, forCampaign.id]);
  expect(await ids({ campaignId: campaign.id })).toEqual([forCampaign.id]);
  expect(await ids({ organisationId: organisation.id })).toEqual([byOrganisation.id]);
  expect(await ids({ wardCode: "E05013028", organisationId: organisation.id })).toEqual([byOrganisation.id]);
  expect(await ids({})).toEqual([inOrdsall.id, inEccles.id, forCampaign.id, byOrganisation.id]);
});

test("going counts those going; places left take away those going and those offered a place; attended counts after", async () => {
  const full = await event(1, { capacity: 5 });
  await rsvps(full.id, "going", 4);
  await rsvps(full.id, "offered", 1);
  await rsvps(full.id, "waiting", 3);
  await rsvps(full.id, "pending", 2);
  await rsvps(full.id, "cancelled", 2);
  const open = await event(2, { capacity: 10 });
  await rsvps(open.id, "going", 7);
  const unlimited = await event(3);
  await rsvps(unlimited.id, "going", 2);

  const [a, b, c] = await listUpcomingEvents();
  expect(a).toMatchObject({ id: full.id, going: 4, placesLeft: 0, capacity: 5 });
  expect(b).toMatchObject({ id: open.id, going: 7, placesLeft: 3 });
  expect(c).toMatchObject({ id: unlimited.id, going: 2, placesLeft: null });

  const past = await event(-2, { capacity: 10 });
  await rsvps(past.id, "going", 3, { attendedAt: new Date(Date.now() - 2 * DAY) });
  await rsvps(past.id, "going", 2);
  const [ended] = await listPastEvents();
  expect(ended).toMatchObject({ id: past.id, going: 5, attended: 3, ended: true });
});

test("past: published events that have ended, the most recent first; no draft, no cancelled one", async () => {
  const older = await event(-10);
  const recent = await event(-2);
  await event(-5, { status: "draft" });
  await event(-4, { status: "cancelled" });
  await event(2);
  expect((await listPastEvents()).map((e) => e.id)).toEqual([recent.id, older.id]);
});

test("one event: published or cancelled with its campaign, organisation and counts; a draft, an unknown id and junk are none", async () => {
  const campaign = await createCampaign();
  const organisation = await createOrganisation("pantry");
  const published = await event(3, {
    campaignId: campaign.id,
    organisationId: organisation.id,
    capacity: 10,
    stepFree: true,
    quietSpace: true,
  });
  await rsvps(published.id, "going", 7);
  const found = await findPublicEvent(published.id);
  expect(found).toMatchObject({
    id: published.id,
    status: "published",
    going: 7,
    placesLeft: 3,
    organiser: organisation.name,
    organisation: { slug: "pantry" },
    campaign: { slug: campaign.slug },
    ward: { code: "E05013028", slug: "ordsall" },
    accessibility: ["stepFree", "quietSpace"],
    contactEmail: "organiser@example.org",
  });
  // The joining link is for confirmed attendees: it is never read here.
  expect(found).not.toHaveProperty("onlineUrl");

  const cancelled = await event(4, { status: "cancelled", cancelledAt: new Date() });
  expect(await findPublicEvent(cancelled.id)).toMatchObject({ status: "cancelled" });
  const draft = await event(5, { status: "draft" });
  expect(await findPublicEvent(draft.id)).toBeNull();
  expect(await findPublicEvent(randomUUID())).toBeNull();
  for (const junk of ["1", "not-an-id", "' OR 1=1 --", "", undefined]) expect(await findPublicEvent(junk)).toBeNull();
});

test("a draft campaign and an unverified organisation are not named: the Alliance or the contact organises", async () => {
  const draftCampaign = await createCampaign({ status: "draft" });
  const pending = await createOrganisation("not-yet", "pending");
  const e = await event(2, { campaignId: draftCampaign.id, organisationId: pending.id });
  expect(await findPublicEvent(e.id)).toMatchObject({ campaign: null, organisation: null, organiser: "Sam Organiser" });
  const alliance = await event(3);
  expect(await findPublicEvent(alliance.id)).toMatchObject({ organiser: "Salford Social Value Alliance" });
});

test("the map's pins: upcoming events at a place, not cancelled, not online; a campaign's alone when asked", async () => {
  const campaign = await createCampaign();
  const atPlace = await event(1);
  const forCampaign = await event(2, { campaignId: campaign.id });
  await event(3, { mode: "online", venueName: null, postcode: null, wardCode: null, lat: null, lon: null });
  await event(4, { status: "cancelled" });
  await event(-1);
  expect((await listEventPins()).map((e) => e.id)).toEqual([atPlace.id, forCampaign.id]);
  expect((await listEventPins({ campaignId: campaign.id })).map((e) => e.id)).toEqual([forCampaign.id]);
});
