/**
 * The filter on events: a title or description it catches keeps the event off
 * /events, the map, a ward's page, /api/events, and its own page answers 404 to
 * the public while its organisers still see it, told why; an edit caught again
 * holds it again; a clean one shows at once. An organisation the public cannot
 * see is not named as the one running an event.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterEach, beforeEach, expect, test } from "vitest";
import { createOrganisation, signedIn } from "../../tests/accounts";
import { eventInput, createEvent as writeEvent } from "../../tests/events";
import { settle } from "../../tests/helpers";
import { createEvent, setEventStatus, updateEvent } from "~/models/event-admin.server";
import { getMapView } from "~/models/map-view.server";
import { forgetListedWords } from "~/models/moderation.server";
import { prisma } from "~/utils/db.server";
import { loader as apiLoader } from "./api.events";
import { loader as eventLoader } from "./events.$id._index";
import { loader as manageLoader } from "./events.$id.manage";
import { loader as eventsLoader } from "./events._index";
import { loader as wardLoader } from "./wards.$slug";

function args(path: string, params: Record<string, string> = {}, cookie?: string) {
  return {
    request: new Request(`http://localhost:3000${path}`, { headers: cookie ? { Cookie: cookie } : {} }),
    params,
    context: { clientIp: "203.0.113.1" },
  } satisfies LoaderFunctionArgs;
}

/** The event's input as the form's own schema reads it, run by `organisation`. */
const input = (organisation: string, fields: Record<string, string> = {}) => eventInput(fields, [organisation]);

async function publicIds() {
  const [page, api, map, ward] = await Promise.all([
    eventsLoader(args("/events")),
    apiLoader(args("/api/events")).then((r) => r.json() as Promise<{ events: { id: string }[] }>),
    getMapView({}, undefined),
    wardLoader(args("/wards/ordsall", { slug: "ordsall" })),
  ]);
  return {
    page: page.upcoming.map((e) => e.id),
    api: api.events.map((e) => e.id),
    map: map.events.map((e) => e.id),
    ward: ward.events.map((e) => e.id),
  };
}

const page = (id: string, cookie?: string) => settle(() => eventLoader(args(`/events/${id}`, { id }, cookie)));

beforeEach(async () => {
  await prisma.moderationItem.deleteMany();
  await prisma.moderationWord.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
  await prisma.organisation.deleteMany();
  await prisma.moderationWord.create({ data: { word: "casino" } });
  forgetListedWords();
});

afterEach(() => forgetListedWords());

test("an event whose description has a link is held: off /events, the map, its ward and /api/events; its page 404s for the public, not its organiser", async () => {
  const organisation = await createOrganisation("event-runners");
  const { user, cookie } = await signedIn("organiser@example.org");
  await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role: "owner" } });

  const saved = await createEvent(
    user,
    input(organisation.id, { description: "Sign up first at https://litter.example.com/join please." }),
  );
  if (!saved.ok) throw new Error(saved.refusal.message);
  expect(
    await prisma.moderationItem.findUnique({ where: { kind_itemId: { kind: "event", itemId: saved.id } } }),
  ).toMatchObject({ state: "open", flags: ["link"] });
  // Published, it is still not public while it waits.
  expect(await setEventStatus(saved.id, "publish")).toEqual({ ok: true, status: "published" });
  const clean = await writeEvent({ title: "Clean event" });

  expect(await publicIds()).toEqual({ page: [clean.id], api: [clean.id], map: [clean.id], ward: [clean.id] });
  const publicAnswer = await page(saved.id);
  expect(publicAnswer instanceof Response && publicAnswer.status).toBe(404);
  const { cookie: strangerCookie } = await signedIn("stranger@example.org");
  const stranger = await page(saved.id, strangerCookie);
  expect(stranger instanceof Response && stranger.status).toBe(404);

  const own = await page(saved.id, cookie);
  if (own instanceof Response) throw new Error(`organiser got ${own.status}`);
  expect(own.event).toMatchObject({ id: saved.id, moderation: "held" });
  const manage = await manageLoader(args(`/events/${saved.id}/manage`, { id: saved.id }, cookie));
  expect(manage.event.moderation).toBe("held");

  // A moderator's approval (the queue's work) makes it public everywhere.
  await prisma.event.update({ where: { id: saved.id }, data: { moderation: "visible" } });
  const after = await publicIds();
  expect(after.api.sort()).toEqual([clean.id, saved.id].sort());
  expect(after.page.sort()).toEqual([clean.id, saved.id].sort());
  expect(await page(saved.id)).toMatchObject({ event: { id: saved.id, moderation: "visible" } });
});

test("a clean event shows at once; an edit that passes keeps it visible; one caught holds it again", async () => {
  const organisation = await createOrganisation("event-runners");
  const { user } = await signedIn("organiser2@example.org");
  await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role: "editor" } });
  const saved = await createEvent(user, input(organisation.id));
  if (!saved.ok) throw new Error(saved.refusal.message);
  await setEventStatus(saved.id, "publish");
  expect((await publicIds()).api).toEqual([saved.id]);
  expect(await prisma.moderationItem.count()).toBe(0);

  expect(await updateEvent(saved.id, input(organisation.id, { title: "Litter pick, now with tea" }))).toMatchObject({
    ok: true,
  });
  expect((await publicIds()).page).toEqual([saved.id]);

  await updateEvent(saved.id, input(organisation.id, { title: "Litter pick and CASINO night" }));
  expect(await prisma.event.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({ moderation: "held" });
  expect(await prisma.moderationItem.findFirstOrThrow({ where: { itemId: saved.id } })).toMatchObject({
    kind: "event",
    state: "open",
    flags: ["word:casino"],
  });
  expect(await publicIds()).toEqual({ page: [], api: [], map: [], ward: [] });
});

test("an organisation held by the filter is not named as the one running its events", async () => {
  const organisation = await createOrganisation("quiet-runners");
  await prisma.organisation.update({ where: { id: organisation.id }, data: { moderation: "held" } });
  const event = await writeEvent({ organisationId: organisation.id, contactName: "Sam Organiser" });
  const shown = await page(event.id);
  if (shown instanceof Response) throw new Error(`public got ${shown.status}`);
  expect(shown.event).toMatchObject({ organisation: null, organiser: "Sam Organiser" });
  const listed = await eventsLoader(args("/events"));
  expect(listed.organisationOptions).toEqual([]);
  expect(JSON.stringify(listed)).not.toContain(organisation.name);
});
