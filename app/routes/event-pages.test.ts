import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { EventsAnswerSchema } from "~/models/api-schemas";
import { formatEventTime } from "~/models/event";
import { prisma } from "~/utils/db.server";
import { createOrganisation } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent, createOnlineEvent, createRsvps } from "../../tests/events";
import { loaderArgs, settle } from "../../tests/helpers";
import { getMapView } from "~/models/map-view.server";
import { loader as apiLoader } from "./api.events";
import { loader as campaignLoader } from "./campaigns.$slug";
import { loader as eventLoader } from "./events.$id._index";
import { loader as eventsLoader } from "./events._index";
import { loader as organisationLoader } from "./organisations.$slug._index";
import { loader as wardLoader } from "./wards.$slug";

const HOUR = 3600 * 1000;

beforeEach(async () => {
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.organisation.deleteMany();
});

async function api(query = "") {
  const response = await apiLoader(loaderArgs(`/api/events${query}`));
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answer is checked field by field
  return { status: response.status, body: (await response.json()) as any };
}

test("/api/events: upcoming public events with place and ward, or online; going counts; cancelled marked; never a draft, an ended one or a joining link", async () => {
  const atPlace = await createEvent({ inDays: 2, capacity: 10, title: "Litter pick" });
  await createRsvps(atPlace.id, "going", 7);
  await createRsvps(atPlace.id, "offered", 1);
  await createRsvps(atPlace.id, "waiting", 2);
  const onlineEvent = await createOnlineEvent({ inDays: 5, onlineUrl: "https://meet.example.org/secret-room" });
  const cancelled = await createEvent({ inDays: 3, status: "cancelled", cancelledAt: new Date() });
  await createEvent({ inDays: 1, status: "draft", title: "Secret draft" });
  await createEvent({ inDays: -2, title: "Ended" });

  const { status, body } = await api();
  expect(status).toBe(200);
  expect(EventsAnswerSchema.safeParse(body).success).toBe(true);
  expect(body.events.map((e: { id: string }) => e.id)).toEqual([atPlace.id, cancelled.id, onlineEvent.id]);
  expect(body.events[0]).toEqual({
    id: atPlace.id,
    title: "Litter pick",
    startsAt: atPlace.startsAt.toISOString(),
    endsAt: atPlace.endsAt.toISOString(),
    status: "published",
    place: {
      venueName: "Ordsall Hall",
      address: "322 Ordsall Lane, Salford",
      postcode: "M5 4WT",
      ward: { code: "E05013028", name: "Ordsall", slug: "ordsall" },
      lat: 53.4735,
      lon: -2.2782,
    },
    capacity: 10,
    going: 7,
    url: `http://localhost:3000/events/${atPlace.id}`,
  });
  expect(body.events[1]).toMatchObject({ status: "cancelled" });
  expect(body.events[2]).toMatchObject({ place: "online", capacity: null, going: 0 });
  expect(JSON.stringify(body)).not.toContain("secret-room");
  expect(JSON.stringify(body)).not.toContain("Secret draft");
});

test("/api/events refuses an unknown parameter, or a repeated one, with a 400 and a reason", async () => {
  for (const query of ["?ward=ordsall", "?limit=5&limit=6", "?__proto__=1"]) {
    const { status, body } = await api(query);
    expect(status, query).toBe(400);
    expect(body.error, query).toMatch(/^Unknown parameter/);
  }
});

test("/events lists upcoming events soonest first and past ones apart; filters by ward, campaign and organisation", async () => {
  const campaign = await createCampaign();
  const organisation = await createOrganisation("event-runners");
  const soon = await createEvent({ inDays: 1 });
  const eccles = await createEvent({
    inDays: 2,
    wardCode: "E05013024",
    campaignId: campaign.id,
    organisationId: organisation.id,
  });
  const past = await createEvent({ inDays: -3 });
  await createEvent({ inDays: 4, status: "draft" });

  const all = await eventsLoader(loaderArgs("/events"));
  expect(all.upcoming.map((e) => e.id)).toEqual([soon.id, eccles.id]);
  expect(all.past.map((e) => e.id)).toEqual([past.id]);
  expect(all.notices).toEqual([]);
  expect(all.organisationOptions).toEqual([{ value: "event-runners", label: organisation.name }]);
  expect(all.wardOptions).toHaveLength(20);

  for (const query of ["ward=eccles", `campaign=${campaign.slug}`, "organisation=event-runners"]) {
    const page = await eventsLoader(loaderArgs(`/events?${query}`));
    expect(
      page.upcoming.map((e) => e.id),
      query,
    ).toEqual([eccles.id]);
    expect(page.notices, query).toEqual([]);
  }
  const both = await eventsLoader(loaderArgs("/events?ward=ordsall&organisation=event-runners"));
  expect(both.upcoming).toEqual([]);
  expect(both.selected).toEqual({ ward: "ordsall", campaign: "", organisation: "event-runners" });
});

test("/events with a filter that names nothing shows every event and says so, never an error", async () => {
  const soon = await createEvent({ inDays: 1 });
  const pending = await createOrganisation("not-verified", "pending");
  const draft = await createCampaign({ status: "draft" });
  for (const [query, notice] of [
    ["ward=atlantis", "There is no Salford ward by that name"],
    [`campaign=${draft.slug}`, "There is no public campaign by that name"],
    ["campaign=%E2%80%AE..%2F", "There is no public campaign by that name"],
    [`organisation=${pending.slug}`, "There is no verified organisation by that name"],
    [`organisation=${"x".repeat(5000)}`, "There is no verified organisation by that name"],
  ] as const) {
    const page = await eventsLoader(loaderArgs(`/events?${query}`));
    expect(page.notices, query).toEqual([notice]);
    expect(
      page.upcoming.map((e) => e.id),
      query,
    ).toEqual([soon.id]);
    expect(page.selected, query).toEqual({ ward: "", campaign: "", organisation: "" });
  }
});

test("/events/:id: a published or cancelled event with its counts; a draft, an unknown id and junk are 404", async () => {
  const e = await createOnlineEvent({ inDays: 3, capacity: 10, onlineUrl: "https://meet.example.org/secret-room" });
  await createRsvps(e.id, "going", 7);
  const page = await eventLoader(loaderArgs(`/events/${e.id}`, { id: e.id }));
  expect(page.event).toMatchObject({ going: 7, placesLeft: 3, mode: "online" });
  expect(page.pin).toBeNull();
  expect(JSON.stringify(page)).not.toContain("secret-room");

  const atPlace = await createEvent({ inDays: 2 });
  const placed = await eventLoader(loaderArgs(`/events/${atPlace.id}`, { id: atPlace.id }));
  expect(placed.pin).toEqual({ x: expect.any(Number), y: expect.any(Number) });

  const cancelled = await createEvent({ inDays: 4, status: "cancelled" });
  expect((await eventLoader(loaderArgs(`/events/${cancelled.id}`, { id: cancelled.id }))).event.status).toBe(
    "cancelled",
  );

  const underWay = await createEvent({ startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) });
  expect((await eventLoader(loaderArgs(`/events/${underWay.id}`, { id: underWay.id }))).event).toMatchObject({
    started: true,
    ended: false,
  });

  const draft = await createEvent({ inDays: 5, status: "draft" });
  for (const id of [draft.id, randomUUID(), "not-an-id", "1 OR 1=1", "%00"]) {
    const answer = await settle(() => eventLoader(loaderArgs(`/events/${encodeURIComponent(id)}`, { id })));
    expect(answer instanceof Response && answer.status, id).toBe(404);
  }
});

test("a ward's, a campaign's and an organisation's page list their upcoming events, soonest first, and none when there are none", async () => {
  const campaign = await createCampaign();
  const organisation = await createOrganisation("event-runners");
  const first = await createEvent({ inDays: 1, campaignId: campaign.id, organisationId: organisation.id });
  const second = await createEvent({ inDays: 2, campaignId: campaign.id, organisationId: organisation.id });
  await createEvent({ inDays: 3, campaignId: campaign.id, organisationId: organisation.id, status: "draft" });
  await createEvent({ inDays: -3, campaignId: campaign.id, organisationId: organisation.id });

  const ward = await wardLoader(loaderArgs("/wards/ordsall", { slug: "ordsall" }));
  expect(ward.events.map((e) => e.id)).toEqual([first.id, second.id]);
  const campaignPage = await campaignLoader(loaderArgs(`/campaigns/${campaign.slug}`, { slug: campaign.slug }));
  expect(campaignPage.events.map((e) => e.id)).toEqual([first.id, second.id]);
  const profile = await organisationLoader(loaderArgs("/organisations/event-runners", { slug: "event-runners" }));
  expect(profile.events.map((e) => e.id)).toEqual([first.id, second.id]);

  expect((await wardLoader(loaderArgs("/wards/eccles", { slug: "eccles" }))).events).toEqual([]);
  const other = await createCampaign();
  expect((await campaignLoader(loaderArgs(`/campaigns/${other.slug}`, { slug: other.slug }))).events).toEqual([]);
});

test("the map's Events layer: upcoming events at a place, each pin named with its title and time; a campaign's map, that campaign's alone", async () => {
  const campaign = await createCampaign();
  const forCampaign = await createEvent({
    inDays: 2,
    campaignId: campaign.id,
    title: "Campaign stall",
    isExample: true,
  });
  const other = await createEvent({ inDays: 1, title: "Litter pick" });
  await createOnlineEvent({ inDays: 3 });
  await createEvent({ inDays: 4, status: "cancelled" });

  const city = await getMapView({}, undefined);
  expect(city.events.map((e) => e.id)).toEqual([other.id, forCampaign.id]);
  expect(city.events[0]!.pin).toEqual({
    id: other.id,
    lat: 53.4735,
    lon: -2.2782,
    label: `Event: Litter pick, ${formatEventTime(other.startsAt, other.endsAt)}`,
    href: `/events/${other.id}`,
    placeHref: "/events?ward=ordsall",
  });
  expect(city.events[1]!.pin.label).toMatch(/^Event \(example\): Campaign stall, /);
  const campaignMap = await getMapView({}, campaign.slug);
  expect(campaignMap.events.map((e) => e.id)).toEqual([forCampaign.id]);
});
