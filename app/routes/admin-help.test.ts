/**
 * /admin/help: a pledger's "Need a hand" reaches the Alliance's queue with
 * their note and pledge, and staff mark it contacted, close it with a note
 * and reopen it, each change on the audit log.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { checkInUrl } from "~/models/nudge.server";
import { prisma } from "~/utils/db.server";
import { request, signedIn } from "../../tests/accounts";
import { createConfirmedPledge, settle } from "../../tests/helpers";
import { action as checkInAction } from "./check-in.$token";
import { action, loader } from "./admin.help";

beforeEach(async () => {
  await prisma.pledge.deleteMany();
});

/** Checks in on the pledge as its pledger does, through the check-in page. */
async function checkIn(pledgeId: string, choice: "help" | "going", note?: string) {
  const token = new URL(checkInUrl(pledgeId, choice)).pathname.split("/").at(-1)!;
  const answer = await settle(() =>
    checkInAction({
      request: request(`/check-in/${token}`, undefined, { choice, ...(note ? { note } : {}) }),
      params: { token },
      context: { clientIp: "203.0.113.7" },
    }),
  );
  expect((answer as Response).status).toBe(302);
  const made = await prisma.checkIn.findFirstOrThrow({ where: { pledgeId }, orderBy: { createdAt: "desc" } });
  return made.id;
}

async function queue(cookie: string, query = "") {
  return loader({ request: request(`/admin/help${query}`, cookie), params: {}, context: { clientIp: "x" } });
}

type Refusal = { formId: string; reply: { error?: Record<string, string[] | null> | null } };

/** Posts a form to /admin/help as the browser does: the status, where it redirects, or the refusal it shows. */
async function act(cookie: string, form: Record<string, string>, query = "") {
  const answer = await settle(() =>
    action({ request: request(`/admin/help${query}`, cookie, form), params: {}, context: { clientIp: "x" } }),
  );
  if (answer instanceof Response)
    return { status: answer.status, location: answer.headers.get("Location"), refusal: undefined };
  const sent = answer as unknown as { init: { status: number }; data: Refusal };
  return { status: sent.init.status, location: null, refusal: sent.data };
}

async function pledger(name: string, email: string) {
  return createConfirmedPledge({ name, email, commitment: `I will help ${name}'s neighbours with their shopping.` });
}

test("a 'Need a hand' check-in shows in the queue with the person, their note and their pledge; other check-ins do not", async () => {
  const { cookie } = await signedIn("help-moderator@example.org", "moderator");
  const jane = await pledger("Jane Smith", "jane.help@example.org");
  const helpId = await checkIn(jane.id, "help", "I want to start a street group but do not know where to begin.");
  await checkIn(jane.id, "going", "Going fine.");

  const page = await queue(cookie);
  expect(page.view).toBe("open");
  expect(page.counts).toMatchObject({ new: 1, contacted: 0, closed: 0, open: 1 });
  expect(page.requests).toHaveLength(1);
  expect(page.requests[0]).toMatchObject({
    checkInId: helpId,
    status: "new",
    note: "I want to start a street group but do not know where to begin.",
    staffNote: null,
    updatedBy: null,
    pledge: {
      id: jane.id,
      name: "Jane Smith",
      email: "jane.help@example.org",
      ward: "Ordsall",
      commitment: "I will help Jane Smith's neighbours with their shopping.",
    },
  });

  // Staff see the note whatever its moderation state: it is about them helping the person, not about showing it.
  await prisma.checkIn.update({ where: { id: helpId }, data: { moderation: "held" } });
  expect((await queue(cookie)).requests[0]).toMatchObject({
    note: expect.stringContaining("street group"),
    noteModeration: "held for review: not shown in public",
  });
});

test("the queue lists new requests first, then contacted, each oldest first; closed ones only under ?status=closed", async () => {
  const { cookie } = await signedIn("help-admin@example.org", "admin");
  const ids: string[] = [];
  for (const name of ["Ann", "Ben", "Cat", "Dan"])
    ids.push(await checkIn((await pledger(name, `${name}@example.org`)).id, "help"));
  const [ann, , cat] = ids as [string, string, string, string];
  // Asked in this order: Ann first, Dan last (a minute apart, so the order does not hang on the clock's resolution).
  for (const [i, id] of ids.entries()) {
    const at = new Date(Date.UTC(2026, 10, 20, 9, i));
    await prisma.helpRequest.update({ where: { checkInId: id }, data: { createdAt: at } });
    await prisma.checkIn.update({ where: { id }, data: { createdAt: at } });
  }
  expect((await act(cookie, { intent: "contacted", checkInId: ann })).status).toBe(302);
  expect(
    (await act(cookie, { intent: "closed", checkInId: cat, note: "Put in touch with the tenants' group." })).status,
  ).toBe(302);

  const open = await queue(cookie);
  expect(open.requests.map((r) => [r.pledge.name, r.status])).toEqual([
    ["Ben", "new"],
    ["Dan", "new"],
    ["Ann", "contacted"],
  ]);
  expect(open.counts).toMatchObject({ new: 2, contacted: 1, closed: 1, open: 3 });
  expect((await queue(cookie, "?status=contacted")).requests.map((r) => r.checkInId)).toEqual([ann]);
  const closed = await queue(cookie, "?status=closed");
  expect(closed.requests.map((r) => [r.checkInId, r.staffNote])).toEqual([
    [cat, "Put in touch with the tenants' group."],
  ]);
  expect(closed.view).toBe("closed");

  // A status nobody has is not an error: the open requests, and a word that it was not understood.
  for (const query of ["?status=pending", "?status=%00", "?status=open%20", "?status=CLOSED"]) {
    const answer = await queue(cookie, query);
    expect(answer).toMatchObject({ view: "open", unknownStatus: true });
    expect(answer.requests).toHaveLength(3);
  }
  expect(await queue(cookie, "?status=")).toMatchObject({ view: "open", unknownStatus: false });
  // The notice after an action is only our own words.
  expect((await queue(cookie, "?done=<script>")).done).toBeNull();
  expect((await queue(cookie, "?done=closed")).done).toBe("Closed.");
});

test("staff mark a request contacted, close it with a note and reopen it, each with an audit entry", async () => {
  const { user, cookie } = await signedIn("help-staff@example.org", "moderator");
  const jane = await pledger("Jane Smith", "jane.audit@example.org");
  const id = await checkIn(jane.id, "help", "Could someone call me?");
  const audit = () =>
    prisma.auditEntry.findMany({ where: { subjectKind: "help", subjectId: id }, orderBy: { id: "asc" } });

  // Contacted, with a note: the status, the note and who did it, on the request and in the log.
  const contacted = await act(cookie, { intent: "contacted", checkInId: id, note: "Rang her; calling back Tuesday." });
  expect(contacted).toMatchObject({ status: 302, location: "/admin/help?done=contacted" });
  expect(await prisma.helpRequest.findUniqueOrThrow({ where: { checkInId: id } })).toMatchObject({
    status: "contacted",
    staffNote: "Rang her; calling back Tuesday.",
    updatedById: user.id,
  });
  const [first] = (await queue(cookie)).requests;
  expect(first).toMatchObject({ status: "contacted", updatedBy: "help-staff@example.org" });

  // Closing needs a note saying how it ended: without one nothing changes and nothing is logged.
  for (const note of [undefined, "   "]) {
    const refused = await act(cookie, { intent: "closed", checkInId: id, ...(note ? { note } : {}) });
    expect(refused.status).toBe(400);
    expect(refused.refusal?.formId).toBe(`closed-${id}`);
    expect(refused.refusal?.reply.error?.note?.[0]).toMatch(/how it ended/);
  }
  expect((await prisma.helpRequest.findUniqueOrThrow({ where: { checkInId: id } })).status).toBe("contacted");
  expect(await audit()).toHaveLength(1);

  const closed = await act(
    cookie,
    { intent: "closed", checkInId: id, note: "Joined the Ordsall street group." },
    "?status=contacted",
  );
  expect(closed).toMatchObject({ status: 302, location: "/admin/help?status=contacted&done=closed" });
  expect((await prisma.helpRequest.findUniqueOrThrow({ where: { checkInId: id } })).status).toBe("closed");

  // A closed request cannot be marked contacted or closed again (a second press, or an old page): 409, nothing changes.
  for (const intent of ["contacted", "closed"]) {
    const conflict = await act(cookie, { intent, checkInId: id, note: "again" });
    expect(conflict.status).toBe(409);
    expect(conflict.refusal?.reply.error?.[""]?.[0]).toMatch(/has been closed: reopen it first/);
  }

  // Reopened without a note: back to new, the closing note kept.
  expect((await act(cookie, { intent: "reopen", checkInId: id })).status).toBe(302);
  expect(await prisma.helpRequest.findUniqueOrThrow({ where: { checkInId: id } })).toMatchObject({
    status: "new",
    staffNote: "Joined the Ordsall street group.",
  });
  expect((await act(cookie, { intent: "reopen", checkInId: id })).status).toBe(409);

  const entries = await audit();
  expect(entries.map((e) => [e.action, e.actorEmail, e.actorRole])).toEqual([
    ["help.contacted", "help-staff@example.org", "moderator"],
    ["help.closed", "help-staff@example.org", "moderator"],
    ["help.reopened", "help-staff@example.org", "moderator"],
  ]);
  expect(entries.map((e) => [e.before, e.after])).toEqual([
    [
      { status: "new", staffNote: null },
      { status: "contacted", staffNote: "Rang her; calling back Tuesday." },
    ],
    [
      { status: "contacted", staffNote: "Rang her; calling back Tuesday." },
      { status: "closed", staffNote: "Joined the Ordsall street group." },
    ],
    [
      { status: "closed", staffNote: "Joined the Ordsall street group." },
      { status: "new", staffNote: "Joined the Ordsall street group." },
    ],
  ]);
  // The log is kept for good: its summary names the ward, not the person.
  expect(entries.every((e) => !e.summary.includes("Jane"))).toBe(true);
  expect(entries[0]!.summary).toMatch(/Ordsall/);
});

test("an id no request has is 404, junk is 400, and residents may not act", async () => {
  const { cookie } = await signedIn("help-admin2@example.org", "admin");
  expect((await act(cookie, { intent: "contacted", checkInId: randomUUID() })).status).toBe(404);
  expect((await act(cookie, { intent: "contacted", checkInId: "not-an-id" })).status).toBe(400);
  expect((await act(cookie, { intent: "delete", checkInId: randomUUID() })).status).toBe(400);

  const jane = await pledger("Jane Smith", "jane.resident@example.org");
  const id = await checkIn(jane.id, "help");
  const resident = await signedIn("nosy@example.org");
  expect((await act(resident.cookie, { intent: "closed", checkInId: id, note: "x" })).status).toBe(403);
  expect((await settle(() => queue(resident.cookie))) as Response).toHaveProperty("status", 403);
  expect((await prisma.helpRequest.findUniqueOrThrow({ where: { checkInId: id } })).status).toBe("new");
});
