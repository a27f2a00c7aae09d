/**
 * Who may make, edit, publish, cancel and run an event, through the pages'
 * loaders and actions as a browser's requests reach them: admins (any),
 * owners and editors of the verified organisation running it; another
 * organisation's owner and a resident get 403; no one signed in is sent to sign in.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { settle } from "../../tests/helpers";
import { createEvent, rsvpAndConfirm } from "../../tests/events";
import { prisma } from "~/utils/db.server";
import { action as editAction, loader as editLoader } from "./events.$id.edit";
import { action as manageAction, loader as manageLoader } from "./events.$id.manage";
import { loader as csvLoader } from "./events.$id.attendees[.csv]";
import { action as newAction, loader as newLoader } from "./events.new";

type Who = "admin" | "owner" | "editor" | "otherOwner" | "resident" | "anonymous";
const cookies = {} as Record<Who, string | undefined>;
let mine: { id: string };
let theirs: { id: string };

beforeAll(async () => {
  mine = await createOrganisation(`mine-${randomUUID().slice(0, 8)}`);
  theirs = await createOrganisation(`theirs-${randomUUID().slice(0, 8)}`);
  cookies.admin = (await signedIn("events-admin@example.org", "admin")).cookie;
  const people: [Who, string, string, "owner" | "editor"][] = [
    ["owner", "owner@example.org", mine.id, "owner"],
    ["editor", "editor@example.org", mine.id, "editor"],
    ["otherOwner", "other-owner@example.org", theirs.id, "owner"],
  ];
  for (const [who, email, organisationId, role] of people) {
    const { user, cookie } = await signedIn(email);
    await prisma.membership.create({ data: { userId: user.id, organisationId, role } });
    cookies[who] = cookie;
  }
  cookies.resident = (await signedIn("resident@example.org")).cookie;
  cookies.anonymous = undefined;
});

const loaderArgs = (path: string, who: Who, params: Record<string, string> = {}): LoaderFunctionArgs => ({
  request: request(path, cookies[who]),
  params,
  context: { clientIp: "203.0.113.1" },
});
const actionArgs = (
  path: string,
  who: Who,
  form: Record<string, string>,
  params: Record<string, string> = {},
): ActionFunctionArgs => ({ request: request(path, cookies[who], form), params, context: { clientIp: "203.0.113.1" } });

/** The status a page answers with: 200 for data, else the thrown or returned Response's. */
async function statusOf(run: () => Promise<unknown>) {
  const answer = await settle(run);
  if (answer instanceof Response) return answer.status;
  if (answer && typeof answer === "object" && "init" in answer)
    return (answer as { init: { status?: number } | null }).init?.status ?? 200;
  return 200;
}

function eventForm(organisation: string, fields: Record<string, string> = {}) {
  return {
    organisation,
    title: "Community meeting in Ordsall",
    description: "Come and say what you want from your neighbourhood.",
    startsAt: "2099-05-01T18:00",
    endsAt: "2099-05-01T20:00",
    mode: "place",
    venueName: "Ordsall Hall",
    address: "322 Ordsall Lane, Salford",
    postcode: "M5 4WT",
    contactName: "Sam",
    contactEmail: "sam@example.org",
    ...fields,
  };
}

test("/events/new: admins may choose the Alliance or any verified organisation; owners and editors their own; others 403, no one signed in to sign in", async () => {
  const organisers = async (who: Who) => {
    const answer = await settle(() => newLoader(loaderArgs("/events/new", who)));
    if (answer instanceof Response) return answer.status;
    return answer.organisers.map((o) => o.value).sort();
  };
  expect(await organisers("admin")).toEqual(["alliance", mine.id, theirs.id].sort());
  expect(await organisers("owner")).toEqual([mine.id]);
  expect(await organisers("editor")).toEqual([mine.id]);
  expect(await organisers("otherOwner")).toEqual([theirs.id]);
  expect(await organisers("resident")).toBe(403);
  const anonymous = await settle(() => newLoader(loaderArgs("/events/new", "anonymous")));
  expect(anonymous).toBeInstanceOf(Response);
  expect((anonymous as Response).status).toBe(302);
  expect((anonymous as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fevents%2Fnew");
});

test("making an event: checked again on the server; a choice not offered is refused at its field, a resident's post is 403", async () => {
  // The other organisation's owner sends this organisation's id: refused, nothing written.
  const before = await prisma.event.count();
  const refused = await settle(() => newAction(actionArgs("/events/new", "otherOwner", eventForm(mine.id))));
  expect(refused).toMatchObject({ init: { status: 400 }, data: { error: { organisation: expect.any(Array) } } });
  expect(await statusOf(() => newAction(actionArgs("/events/new", "resident", eventForm(mine.id))))).toBe(403);
  expect(await statusOf(() => newAction(actionArgs("/events/new", "owner", eventForm("alliance"))))).toBe(400);
  // A postcode outside Salford is refused at its field.
  const outside = await settle(() =>
    newAction(actionArgs("/events/new", "owner", eventForm(mine.id, { postcode: "SW1A 1AA" }))),
  );
  expect(outside).toMatchObject({ data: { error: { postcode: [expect.stringContaining("is not in Salford")] } } });
  expect(await prisma.event.count()).toBe(before);

  const made = await settle(() => newAction(actionArgs("/events/new", "editor", eventForm(mine.id))));
  expect(made).toBeInstanceOf(Response);
  const location = (made as Response).headers.get("Location")!;
  expect(location).toMatch(/^\/events\/[0-9a-f-]{36}\/manage\?created=1$/);
  const id = location.split("/")[2]!;
  expect(await prisma.event.findUniqueOrThrow({ where: { id } })).toMatchObject({
    organisationId: mine.id,
    status: "draft",
  });
  const alliance = await settle(() => newAction(actionArgs("/events/new", "admin", eventForm("alliance"))));
  expect((alliance as Response).status).toBe(302);
});

test("edit, manage and the CSV: admin, owner and editor may; another organisation's owner and a resident 403; anonymous to sign in; junk 404", async () => {
  const event = await createEvent({ organisationId: mine.id, status: "draft", publishedAt: null });
  const params = { id: event.id };
  const expected: Record<Who, number> = {
    admin: 200,
    owner: 200,
    editor: 200,
    otherOwner: 403,
    resident: 403,
    anonymous: 302,
  };
  for (const who of Object.keys(expected) as Who[]) {
    const want = expected[who];
    expect(await statusOf(() => editLoader(loaderArgs(`/events/${event.id}/edit`, who, params))), who).toBe(want);
    expect(await statusOf(() => manageLoader(loaderArgs(`/events/${event.id}/manage`, who, params))), who).toBe(want);
    expect(await statusOf(() => csvLoader(loaderArgs(`/events/${event.id}/attendees.csv`, who, params))), who).toBe(
      want,
    );
    if (want !== 200) {
      const editPost = () =>
        editAction(actionArgs(`/events/${event.id}/edit`, who, eventForm(mine.id, { title: "Taken over" }), params));
      expect(await statusOf(editPost), who).toBe(want);
      const publish = () => manageAction(actionArgs(`/events/${event.id}/manage`, who, { intent: "publish" }, params));
      expect(await statusOf(publish), who).toBe(want);
    }
  }
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("draft");
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).title).not.toBe("Taken over");
  // An event run by an organisation no longer verified is the admins' alone.
  await prisma.organisation.update({ where: { id: mine.id }, data: { status: "pending" } });
  expect(await statusOf(() => manageLoader(loaderArgs(`/events/${event.id}/manage`, "owner", params)))).toBe(403);
  expect(await statusOf(() => manageLoader(loaderArgs(`/events/${event.id}/manage`, "admin", params)))).toBe(200);
  await prisma.organisation.update({ where: { id: mine.id }, data: { status: "verified" } });
  for (const id of [randomUUID(), "not-an-id"])
    expect(await statusOf(() => manageLoader(loaderArgs(`/events/${id}/manage`, "admin", { id })))).toBe(404);
});

test("an editor edits, publishes and cancels with a confirmation; marks attendance with a plain form; the CSV says who came", async () => {
  const event = await createEvent({ organisationId: mine.id, status: "draft", publishedAt: null });
  const params = { id: event.id };
  const manage = `/events/${event.id}/manage`;
  const edited = await settle(() =>
    editAction(actionArgs(`/events/${event.id}/edit`, "editor", eventForm("", { title: "A better title" }), params)),
  );
  expect((edited as Response).headers.get("Location")).toBe(`${manage}?saved=1`);
  const published = await settle(() => manageAction(actionArgs(manage, "editor", { intent: "publish" }, params)));
  expect((published as Response).headers.get("Location")).toBe(`${manage}?status=published`);

  await rsvpAndConfirm(event.id, "ann@example.org", "Ann Attendee");
  const ann = (await prisma.rsvp.findFirstOrThrow({ where: { eventId: event.id } })).id;
  const marked = await settle(() =>
    manageAction(
      actionArgs(manage, "editor", { intent: "attendance", rsvpId: ann, attended: "yes", q: "ann" }, params),
    ),
  );
  expect((marked as Response).headers.get("Location")).toBe(`${manage}?q=ann#rsvp-${ann}`);
  const page = await manageLoader(loaderArgs(`${manage}?q=ANN`, "editor", params));
  expect(page.lists.going).toMatchObject([{ name: "Ann Attendee", attended: true }]);
  expect(page.lists.attended).toBe(1);

  const csv = (await csvLoader(loaderArgs(`/events/${event.id}/attendees.csv`, "editor", params))) as Response;
  expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(csv.headers.get("Cache-Control")).toBe("private, no-store");
  expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="event-.*-attendees\.csv"$/);
  expect(await csv.text()).toContain("Ann Attendee,ann@example.org,going,");

  // Back to draft is refused now someone has replied; cancelling without its confirmation is refused.
  expect(await statusOf(() => manageAction(actionArgs(manage, "editor", { intent: "draft" }, params)))).toBe(409);
  expect(await statusOf(() => manageAction(actionArgs(manage, "editor", { intent: "cancel" }, params)))).toBe(400);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("published");
  const cancelled = await settle(() =>
    manageAction(actionArgs(manage, "editor", { intent: "cancel", confirm: "yes" }, params)),
  );
  expect((cancelled as Response).headers.get("Location")).toBe(`${manage}?status=cancelled`);
  expect(
    await prisma.emailMessage.count({ where: { template: "event-cancelled", toAddress: "ann@example.org" } }),
  ).toBe(1);
  // Someone else's RSVP id is not this event's: 404, not a 500.
  expect(
    await statusOf(() =>
      manageAction(
        actionArgs(manage, "editor", { intent: "attendance", rsvpId: randomUUID(), attended: "yes" }, params),
      ),
    ),
  ).toBe(404);
});
