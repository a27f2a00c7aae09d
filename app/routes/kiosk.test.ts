import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { KIOSK_OPEN_AT_MOST_MS, kioskState, kioskWindow } from "~/models/kiosk.server";
import { prisma } from "~/utils/db.server";
import { KIOSK_PLEDGES_PER_MINUTE } from "~/utils/rate-limit.server";
import { createOrganisation, signedIn } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { actionArgs, freshIp, settle, validPledge } from "../../tests/helpers";
import { action as kioskAction, headers as kioskHeaders, loader as kioskLoader } from "./events.$id.kiosk";
import { action as pledgeAction } from "./pledge._index";

/*
 * An event's kiosk: the pledge form for one person after another on a stall's
 * tablet, for the event's organisers only, while the event is on. Through the
 * route's loader and action, against the database.
 */

const HOUR = 3600_000;

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
});

afterEach(() => {
  vi.useRealTimers();
});

let people = 0;
function person(fields: Record<string, string> = {}) {
  people += 1;
  return { ...validPledge, name: `Visitor ${people}`, email: `visitor${people}@example.org`, ...fields };
}

/** An event on now (started an hour ago) run by a verified organisation, with a signed-in editor of it. */
async function eventOnNow(overrides: Parameters<typeof createEvent>[0] = {}) {
  const organisation = await createOrganisation(`kiosk-${randomUUID().slice(0, 8)}`);
  const event = await createEvent({
    organisationId: organisation.id,
    startsAt: new Date(Date.now() - HOUR),
    endsAt: new Date(Date.now() + HOUR),
    ...overrides,
  });
  const editor = await signedIn(`editor-${randomUUID().slice(0, 8)}@example.org`);
  await prisma.membership.create({ data: { userId: editor.user.id, organisationId: organisation.id, role: "editor" } });
  return { organisation, event, editor };
}

function kioskGet(eventId: string, cookie?: string, query = "") {
  return settle(() =>
    kioskLoader({
      request: new Request(`http://localhost:3000/events/${eventId}/kiosk${query}`, {
        headers: cookie ? { Cookie: cookie } : {},
      }),
      params: { id: eventId },
      context: { clientIp: "203.0.113.7" },
    }),
  );
}

function kioskPost(eventId: string, fields: Record<string, string>, cookie?: string, ip = "203.0.113.7") {
  const args = actionArgs(`/events/${eventId}/kiosk`, fields, { ip, params: { id: eventId } });
  if (cookie) args.request.headers.set("Cookie", cookie);
  return settle(() => kioskAction(args));
}

type DataResult = { data: Record<string, unknown>; init: { status?: number; headers?: Record<string, string> } | null };

function statusOf(result: unknown) {
  if (result instanceof Response) return result.status;
  return (result as DataResult).init?.status ?? 200;
}

describe("the kiosk page", () => {
  test("shows an organiser an empty form for the event and its campaign, never stored by a browser or cache", async () => {
    const campaign = await createCampaign({ name: "Clean Streets" });
    const { event, editor } = await eventOnNow({ campaignId: campaign.id, title: "Stall at the market" });
    const page = (await kioskGet(event.id, editor.cookie)) as DataResult;
    expect(page.init?.headers).toMatchObject({ "Cache-Control": "no-store" });
    expect(page.data).toMatchObject({
      event: { id: event.id, title: "Stall at the market" },
      kiosk: { status: "open" },
      campaign: { slug: campaign.slug, name: "Clean Streets" },
      thanks: false,
    });
    // The thank-you carries nothing of the person: it is the same page, with a word of thanks.
    expect(((await kioskGet(event.id, editor.cookie, "?thanks=1")) as DataResult).data).toMatchObject({
      thanks: true,
    });
  });

  test("outside its time it says when it opens or that it has closed, and offers no form", async () => {
    const soon = await eventOnNow({
      startsAt: new Date(Date.now() + 3 * HOUR),
      endsAt: new Date(Date.now() + 5 * HOUR),
    });
    expect(((await kioskGet(soon.event.id, soon.editor.cookie)) as DataResult).data).toMatchObject({
      kiosk: { status: "not-yet" },
      campaign: null,
    });
    const past = await eventOnNow({
      startsAt: new Date(Date.now() - 50 * HOUR),
      endsAt: new Date(Date.now() - 48 * HOUR),
    });
    expect(((await kioskGet(past.event.id, past.editor.cookie)) as DataResult).data).toMatchObject({
      kiosk: { status: "over" },
    });
    const draft = await eventOnNow({ status: "draft", publishedAt: null });
    expect(((await kioskGet(draft.event.id, draft.editor.cookie)) as DataResult).data).toMatchObject({
      kiosk: { status: "not-published" },
    });
  });

  test("only for the event's organisers: signed out goes to sign in, anyone else is refused, junk is 404", async () => {
    const { event } = await eventOnNow();
    const signedOut = (await kioskGet(event.id)) as Response;
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const stranger = await signedIn(`stranger-${randomUUID().slice(0, 8)}@example.org`);
    expect(statusOf(await kioskGet(event.id, stranger.cookie))).toBe(403);
    expect(statusOf(await kioskGet("not-an-event", stranger.cookie))).toBe(404);
    expect(statusOf(await kioskGet(randomUUID(), stranger.cookie))).toBe(404);
    const admin = await signedIn(`admin-${randomUUID().slice(0, 8)}@example.org`, "admin");
    expect(statusOf(await kioskGet(event.id, admin.cookie))).toBe(200);
  });
});

test("every answer of the kiosk, a refusal too, is no-store, and a 429 keeps its Retry-After", () => {
  const headers = new Headers(
    kioskHeaders({
      parentHeaders: new Headers({ "Cache-Control": "public, max-age=60" }),
      loaderHeaders: new Headers(),
      actionHeaders: new Headers(),
      errorHeaders: new Headers({ "Retry-After": "42" }),
    } as unknown as Parameters<typeof kioskHeaders>[0]),
  );
  expect(headers.get("Cache-Control")).toBe("no-store");
  expect(headers.get("Retry-After")).toBe("42");
});

describe("taking a pledge at the kiosk", () => {
  test("thanks the person with a fresh, empty form, and stores the pledge for the event and its campaign, to confirm by email", async () => {
    const campaign = await createCampaign({ suggestions: ["I will plant a tree."] });
    const { event, editor } = await eventOnNow({ campaignId: campaign.id });
    const visitor = person({ qualities: "partnerships", suggestion: "campaign-0" });
    const answer = (await kioskPost(event.id, visitor, editor.cookie)) as Response;
    expect(answer.status).toBe(303);
    // Nothing of the person in the address, no cookie, nothing kept by a cache.
    expect(answer.headers.get("Location")).toBe(`/events/${event.id}/kiosk?thanks=1`);
    expect(answer.headers.get("Set-Cookie")).toBeNull();
    expect(answer.headers.get("Cache-Control")).toBe("no-store");

    const stored = await prisma.pledge.findFirstOrThrow({ where: { email: visitor.email } });
    expect(stored).toMatchObject({
      eventId: event.id,
      campaignId: campaign.id,
      commitment: "I will plant a tree.",
      confirmedAt: null,
    });
    expect(await prisma.emailMessage.count({ where: { toAddress: visitor.email, template: "confirm-pledge" } })).toBe(
      1,
    );
  });

  test("a form with mistakes comes back to the same person with 400, kept by no cache", async () => {
    const { event, editor } = await eventOnNow();
    const answer = (await kioskPost(event.id, person({ postcode: "SW1A 1AA" }), editor.cookie)) as DataResult;
    expect(statusOf(answer)).toBe(400);
    expect(answer.init?.headers).toMatchObject({ "Cache-Control": "no-store" });
    expect(await prisma.pledge.count()).toBe(0);
  });

  test("refuses anyone but the event's organisers, and every organiser once the kiosk has closed", async () => {
    const { event } = await eventOnNow();
    const signedOut = (await kioskPost(event.id, person())) as Response;
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?/);
    const stranger = await signedIn(`stranger-${randomUUID().slice(0, 8)}@example.org`);
    expect(statusOf(await kioskPost(event.id, person(), stranger.cookie))).toBe(403);
    // An editor of another organisation's event is no organiser of this one.
    const other = await eventOnNow();
    expect(statusOf(await kioskPost(event.id, person(), other.editor.cookie))).toBe(403);

    const closed = await eventOnNow({
      startsAt: new Date(Date.now() + 3 * HOUR),
      endsAt: new Date(Date.now() + 4 * HOUR),
    });
    expect(statusOf(await kioskPost(closed.event.id, person(), closed.editor.cookie))).toBe(403);
    const draft = await eventOnNow({ status: "draft", publishedAt: null });
    expect(statusOf(await kioskPost(draft.event.id, person(), draft.editor.cookie))).toBe(403);
    expect(await prisma.pledge.count()).toBe(0);
  });
});

describe("the kiosk and the rate limits", () => {
  /** Moves the clock on, as a busy day at the stall does between one person and the next. */
  function nextPersonAfter(ms: number) {
    vi.setSystemTime(new Date(Date.now() + ms));
  }

  test("a busy kiosk takes 30 pledges in a row from one address, where /pledge from that address is still limited", async () => {
    const { event, editor } = await eventOnNow({ endsAt: new Date(Date.now() + 3 * HOUR) });
    vi.useFakeTimers({ toFake: ["Date"] });
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push(statusOf(await kioskPost(event.id, person(), editor.cookie, ip)));
      nextPersonAfter(10_000);
    }
    expect(statuses).toEqual(Array(30).fill(303));
    expect(await prisma.pledge.count({ where: { eventId: event.id } })).toBe(30);

    // The same address on the public form: its own limit (RATE_LIMIT_PLEDGE, 10 a minute) as before.
    const publicStatuses: number[] = [];
    for (let i = 0; i < 11; i++)
      publicStatuses.push(statusOf(await settle(() => pledgeAction(actionArgs("/pledge", person(), { ip })))));
    expect(publicStatuses.slice(0, 10)).not.toContain(429);
    expect(publicStatuses[10]).toBe(429);
  });

  test(`the kiosk's own limit holds: ${KIOSK_PLEDGES_PER_MINUTE} a minute for one organiser at one event, whatever the address`, async () => {
    const { event, organisation, editor } = await eventOnNow();
    const statuses: number[] = [];
    // A new address each time: the kiosk's limit is the event's and the organiser's, not the address's.
    for (let i = 0; i <= KIOSK_PLEDGES_PER_MINUTE; i++)
      statuses.push(statusOf(await kioskPost(event.id, person(), editor.cookie, freshIp())));
    expect(statuses.slice(0, KIOSK_PLEDGES_PER_MINUTE)).toEqual(Array(KIOSK_PLEDGES_PER_MINUTE).fill(303));
    const refused = (await kioskPost(event.id, person(), editor.cookie, freshIp())) as Response;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await prisma.pledge.count({ where: { eventId: event.id } })).toBe(KIOSK_PLEDGES_PER_MINUTE);

    // Another organiser of the same event has a limit of their own.
    const owner = await signedIn(`owner-${randomUUID().slice(0, 8)}@example.org`);
    await prisma.membership.create({ data: { userId: owner.user.id, organisationId: organisation.id, role: "owner" } });
    expect(statusOf(await kioskPost(event.id, person(), owner.cookie))).toBe(303);
  });
});

describe("when a kiosk is open", () => {
  const event = (startsAt: string, endsAt: string, status = "published") => ({
    status,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
  });

  test("from two hours before the start to midnight in Salford at the end of the day it ends, in summer and winter", () => {
    // Summer (BST, UTC+1): 10:00 to 13:00 on 3 July 2027 in Salford.
    const summer = event("2027-07-03T09:00:00Z", "2027-07-03T12:00:00Z");
    expect(kioskWindow(summer)).toEqual({
      opensAt: new Date("2027-07-03T07:00:00Z"),
      closesAt: new Date("2027-07-03T23:00:00Z"),
    });
    expect(kioskState(summer, new Date("2027-07-03T06:59:59Z")).status).toBe("not-yet");
    expect(kioskState(summer, new Date("2027-07-03T07:00:00Z")).status).toBe("open");
    expect(kioskState(summer, new Date("2027-07-03T22:59:59Z")).status).toBe("open");
    expect(kioskState(summer, new Date("2027-07-03T23:00:00Z")).status).toBe("over");
    // Winter (GMT): the day ends at midnight UTC.
    const winter = event("2027-01-09T10:00:00Z", "2027-01-09T13:00:00Z");
    expect(kioskWindow(winter).closesAt).toEqual(new Date("2027-01-10T00:00:00Z"));
    // The day the clocks go back (31 October 2027) is 25 hours long: it ends at 00:00 GMT on 1 November.
    const clockChange = event("2027-10-31T09:00:00Z", "2027-10-31T12:00:00Z");
    expect(kioskWindow(clockChange).closesAt).toEqual(new Date("2027-11-01T00:00:00Z"));
  });

  test("an event ending at midnight closes its kiosk then, not a day later", () => {
    // 19:00 to 00:00 on 10 July 2027 in Salford (BST).
    const evening = event("2027-07-10T18:00:00Z", "2027-07-10T23:00:00Z");
    expect(kioskWindow(evening).closesAt).toEqual(new Date("2027-07-10T23:00:00Z"));
  });

  test("an event typed to run for years opens its kiosk for a day, not for years", () => {
    const decade = event("2027-07-03T09:00:00Z", "2037-07-03T09:00:00Z");
    expect(kioskWindow(decade)).toEqual({
      opensAt: new Date("2027-07-03T07:00:00Z"),
      closesAt: new Date(new Date("2027-07-03T07:00:00Z").getTime() + KIOSK_OPEN_AT_MOST_MS),
    });
    expect(kioskState(decade, new Date("2027-07-04T08:59:59Z")).status).toBe("open");
    expect(kioskState(decade, new Date("2028-01-01T10:00:00Z")).status).toBe("over");
  });

  test("never for a draft or a cancelled event", () => {
    const now = new Date("2027-07-03T10:00:00Z");
    expect(kioskState(event("2027-07-03T09:00:00Z", "2027-07-03T12:00:00Z", "draft"), now).status).toBe(
      "not-published",
    );
    expect(kioskState(event("2027-07-03T09:00:00Z", "2027-07-03T12:00:00Z", "cancelled"), now).status).toBe(
      "cancelled",
    );
  });
});
