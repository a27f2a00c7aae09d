import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createOrganisation } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent, createOnlineEvent, createRsvps } from "../../tests/events";
import { findPublicEvent, listEventPins, listPastEvents, listUpcomingEvents } from "./event.server";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

beforeEach(async () => {
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.organisation.deleteMany();
});

test("upcoming: published and cancelled events not yet ended, soonest first; never a draft, never one that has ended", async () => {
  const later = await createEvent({ inDays: 10 });
  const soon = await createEvent({ inDays: 2 });
  const cancelled = await createEvent({ inDays: 5, status: "cancelled", cancelledAt: new Date() });
  await createEvent({ inDays: 3, status: "draft", title: "A draft" });
  await createEvent({ inDays: -3, title: "Ended" });
  // Started an hour ago, ends in an hour: still on.
  const happening = await createEvent({ startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) });

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
  const inOrdsall = await createEvent({ inDays: 1 });
  const inEccles = await createEvent({ inDays: 2, wardCode: "E05013024", postcode: "M30 0AA" });
  const forCampaign = await createEvent({ inDays: 3, campaignId: campaign.id, wardCode: "E05013024" });
  const byOrganisation = await createEvent({ inDays: 4, organisationId: organisation.id });

  const ids = async (filter: Parameters<typeof listUpcomingEvents>[0]) =>
    (await listUpcomingEvents(filter)).map((e) => e.id);
  expect(await ids({ wardCode: "E05013024" })).toEqual([inEccles.id, forCampaign.id]);
  expect(await ids({ campaignId: campaign.id })).toEqual([forCampaign.id]);
  expect(await ids({ organisationId: organisation.id })).toEqual([byOrganisation.id]);
  expect(await ids({ wardCode: "E05013028", organisationId: organisation.id })).toEqual([byOrganisation.id]);
  expect(await ids({})).toEqual([inOrdsall.id, inEccles.id, forCampaign.id, byOrganisation.id]);
});

test("going counts those going; places left take away those going and those offered a place; attended counts after", async () => {
  const full = await createEvent({ inDays: 1, capacity: 5 });
  await createRsvps(full.id, "going", 4);
  await createRsvps(full.id, "offered", 1);
  await createRsvps(full.id, "waiting", 3);
  await createRsvps(full.id, "pending", 2);
  await createRsvps(full.id, "cancelled", 2);
  const open = await createEvent({ inDays: 2, capacity: 10 });
  await createRsvps(open.id, "going", 7);
  const unlimited = await createEvent({ inDays: 3 });
  await createRsvps(unlimited.id, "going", 2);

  const [a, b, c] = await listUpcomingEvents();
  expect(a).toMatchObject({ id: full.id, going: 4, placesLeft: 0, capacity: 5 });
  expect(b).toMatchObject({ id: open.id, going: 7, placesLeft: 3 });
  expect(c).toMatchObject({ id: unlimited.id, going: 2, placesLeft: null });

  const past = await createEvent({ inDays: -2, capacity: 10 });
  await createRsvps(past.id, "going", 3, { attendedAt: new Date(Date.now() - 2 * DAY) });
  await createRsvps(past.id, "going", 2);
  const [ended] = await listPastEvents();
  expect(ended).toMatchObject({ id: past.id, going: 5, attended: 3, ended: true });
});

test("past: published events that have ended, the most recent first; no draft, no cancelled one", async () => {
  const older = await createEvent({ inDays: -10 });
  const recent = await createEvent({ inDays: -2 });
  await createEvent({ inDays: -5, status: "draft" });
  await createEvent({ inDays: -4, status: "cancelled" });
  await createEvent({ inDays: 2 });
  expect((await listPastEvents()).map((e) => e.id)).toEqual([recent.id, older.id]);
});

test("one event: published or cancelled with its campaign, organisation and counts; a draft, an unknown id and junk are none", async () => {
  const campaign = await createCampaign();
  const organisation = await createOrganisation("pantry");
  const published = await createEvent({
    inDays: 3,
    campaignId: campaign.id,
    organisationId: organisation.id,
    capacity: 10,
    stepFree: true,
    quietSpace: true,
  });
  await createRsvps(published.id, "going", 7);
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

  const cancelled = await createEvent({ inDays: 4, status: "cancelled", cancelledAt: new Date() });
  expect(await findPublicEvent(cancelled.id)).toMatchObject({ status: "cancelled" });
  const draft = await createEvent({ inDays: 5, status: "draft" });
  expect(await findPublicEvent(draft.id)).toBeNull();
  expect(await findPublicEvent(randomUUID())).toBeNull();
  for (const junk of ["1", "not-an-id", "' OR 1=1 --", "", undefined]) expect(await findPublicEvent(junk)).toBeNull();
});

test("a draft campaign and an unverified organisation are not named: the Alliance or the contact organises", async () => {
  const draftCampaign = await createCampaign({ status: "draft" });
  const pending = await createOrganisation("not-yet", "pending");
  const e = await createEvent({ inDays: 2, campaignId: draftCampaign.id, organisationId: pending.id });
  expect(await findPublicEvent(e.id)).toMatchObject({ campaign: null, organisation: null, organiser: "Sam Organiser" });
  const alliance = await createEvent({ inDays: 3 });
  expect(await findPublicEvent(alliance.id)).toMatchObject({ organiser: "Salford Social Value Alliance" });
});

test("the map's pins: upcoming events at a place, not cancelled, not online; a campaign's alone when asked", async () => {
  const campaign = await createCampaign();
  const atPlace = await createEvent({ inDays: 1 });
  const forCampaign = await createEvent({ inDays: 2, campaignId: campaign.id });
  await createOnlineEvent({ inDays: 3 });
  await createEvent({ inDays: 4, status: "cancelled" });
  await createEvent({ inDays: -1 });
  expect((await listEventPins()).map((e) => e.id)).toEqual([atPlace.id, forCampaign.id]);
  expect((await listEventPins({ campaignId: campaign.id })).map((e) => e.id)).toEqual([forCampaign.id]);
});
