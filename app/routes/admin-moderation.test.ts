import { randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { createCommitment, createOrganisation, request, signedIn } from "../../tests/accounts";
import { createEvent } from "../../tests/events";
import { createConfirmedPledge, settle } from "../../tests/helpers";
import type { ModerationKind } from "~/models/moderation";
import { holdForReview, listedWords, screen } from "~/models/moderation.server";
import { reportItem } from "~/models/moderation-report.server";
import { prisma } from "~/utils/db.server";
import * as desk from "./admin.moderation._index";
import * as words from "./admin.moderation.words";

/*
 * The moderators' desk: the queue as a moderator reads it, the four decisions
 * and what each changes (the item, its reports, the author's email, the audit
 * log), and the word list only admins edit.
 */

const cookies = { moderator: "", admin: "", resident: "" };
beforeAll(async () => {
  cookies.moderator = (await signedIn("desk-moderator@example.org", "moderator")).cookie;
  cookies.admin = (await signedIn("desk-admin@example.org", "admin")).cookie;
  cookies.resident = (await signedIn("desk-resident@example.org")).cookie;
});

const args = (path: string, cookie: string, form?: Record<string, string>) => ({
  request: request(path, cookie, form),
  params: {},
  context: { clientIp: "203.0.113.7" },
});
const status = (answer: unknown) =>
  answer instanceof Response ? answer.status : ((answer as { init?: { status?: number } }).init?.status ?? 200);

const readQueue = async (cookie = cookies.moderator) =>
  (await desk.loader(args("/admin/moderation", cookie))) as Awaited<ReturnType<typeof desk.loader>>;
const post = (form: Record<string, string>, cookie = cookies.moderator) =>
  settle(() => desk.action(args("/admin/moderation", cookie, form)));

async function entryOf(kind: ModerationKind, itemId: string) {
  return prisma.moderationItem.findUniqueOrThrow({
    where: { kind_itemId: { kind, itemId } },
    include: { reports: true },
  });
}
const auditOf = (itemId: string) =>
  prisma.auditEntry.findMany({ where: { subjectId: itemId }, orderBy: { id: "asc" } });
const hiddenEmails = (to: string) =>
  prisma.emailMessage.findMany({ where: { template: "moderation-hidden", toAddress: to } });

let counter = 0;
function authoredPledge() {
  counter += 1;
  return createConfirmedPledge({
    name: "Jane Smith",
    email: `author-${counter}@example.org`,
    commitment: `I will run a swap shop on my street, number ${counter}.`,
  });
}

/** A pledge with this many reports (at least one, so it is in the queue), and its queue entry. */
async function reportedPledge(reports: number) {
  const pledge = await authoredPledge();
  for (let i = 0; i < reports; i += 1)
    await reportItem("pledge", pledge.id, { reason: "Spam or advertising", reporter: `203.0.113.${i}` });
  return { pledge, entry: await entryOf("pledge", pledge.id) };
}

async function heldEvent(flags = ["link"]) {
  const event = await createEvent({ title: "Swap shop at www.example.com", moderation: "held" });
  await prisma.$transaction((tx) => holdForReview(tx, "event", event.id, flags));
  return { event, entry: await entryOf("event", event.id) };
}

test("moderators and admins read the queue; residents are refused and visitors sent to sign in", async () => {
  expect(status(await settle(() => desk.loader(args("/admin/moderation", cookies.admin))))).toBe(200);
  expect(status(await settle(() => desk.loader(args("/admin/moderation", cookies.moderator))))).toBe(200);
  expect(status(await settle(() => desk.loader(args("/admin/moderation", cookies.resident))))).toBe(403);
  const anonymous = await settle(() =>
    desk.loader({ ...args("/admin/moderation", ""), request: request("/admin/moderation") }),
  );
  expect(status(anonymous)).toBe(302);
  const { entry } = await reportedPledge(1);
  expect(status(await post({ intent: "approve", entryId: entry.id.toString() }, cookies.resident))).toBe(403);
  expect((await entryOf("pledge", entry.itemId)).state).toBe("open");
});

test("the queue shows each kind's words, where it is, why it is there and its state, oldest first", async () => {
  const organisation = await createOrganisation(`desk-org-${randomUUID().slice(0, 8)}`);
  const commitment = await createCommitment(organisation.id);
  const story = await prisma.progressReport.create({
    data: {
      id: randomUUID(),
      commitmentId: commitment.id,
      value: 2,
      story: "Two meetings, see www.example.com",
      reportedOn: new Date("2026-05-01"),
      moderation: "held",
    },
  });
  const { pledge } = await reportedPledge(2);
  const checkIn = await prisma.checkIn.create({
    data: {
      id: randomUUID(),
      pledgeId: pledge.id,
      choice: "going",
      note: "Going well, buy pills",
      isPublic: true,
      moderation: "held",
    },
  });
  await prisma.$transaction(async (tx) => {
    await holdForReview(tx, "progress_report", story.id, ["link"]);
    await holdForReview(tx, "check_in", checkIn.id, ["word:pills"]);
  });
  await reportItem("organisation", organisation.id, {
    reason: "False or misleading: not a real charity",
    contactEmail: "neighbour@example.org",
    reporter: "203.0.113.50",
  });
  const { event } = await heldEvent();

  const { queue } = await readQueue();
  const byItem = new Map(queue.entries.map((e) => [e.itemId, e]));
  const pledgeEntry = byItem.get(pledge.id)!;
  expect(pledgeEntry.item?.texts[0]).toEqual({ label: "Pledge", text: pledge.commitment });
  expect(pledgeEntry.item?.path).toBe(`/pledges/${pledge.id}`);
  expect(pledgeEntry.openReports.map((r) => r.reason)).toEqual(["Spam or advertising", "Spam or advertising"]);
  expect(pledgeEntry.item?.moderation).toBe("visible");
  const checkInEntry = byItem.get(checkIn.id)!;
  expect(checkInEntry.item?.texts[0]).toEqual({ label: "Note", text: "Going well, buy pills" });
  expect(checkInEntry.flags).toEqual(["contains “pills”"]);
  expect(checkInEntry.item?.path).toBe(`/pledges/${pledge.id}`);
  expect(checkInEntry.item?.moderation).toBe("held");
  const storyEntry = byItem.get(story.id)!;
  expect(storyEntry.item?.texts[0]).toEqual({ label: "Story", text: "Two meetings, see www.example.com" });
  expect(storyEntry.flags).toEqual(["contains a link"]);
  expect(storyEntry.item?.path).toBe(`/organisations/${organisation.slug}`);
  const organisationEntry = byItem.get(organisation.id)!;
  expect(organisationEntry.item?.texts.map((t) => t.text)).toEqual([organisation.name, organisation.description]);
  // With the address the reporter left, so a moderator can ask them.
  expect(organisationEntry.openReports.map((r) => [r.reason, r.contactEmail])).toEqual([
    ["False or misleading: not a real charity", "neighbour@example.org"],
  ]);
  const eventEntry = byItem.get(event.id)!;
  expect(eventEntry.item?.texts.map((t) => t.text)).toEqual([event.title, event.description]);
  expect(eventEntry.item?.path).toBe(`/events/${event.id}`);
  // Oldest first.
  const times = queue.entries.map((e) => e.createdAt);
  expect(times).toEqual([...times].sort());
});

test("hide: the item is hidden, its reports upheld, its author emailed the reason once, however often it is pressed", async () => {
  const { pledge, entry } = await reportedPledge(2);
  const hide = { intent: "hide", entryId: entry.id.toString(), reason: "It advertises a business." };
  expect(status(await post(hide))).toBe(302);
  // Pressed again from the same page: nothing more happens.
  const again = await post(hide);
  expect((again as Response).headers.get("Location")).toBe("/admin/moderation?done=unchanged");

  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).moderation).toBe("hidden");
  const after = await entryOf("pledge", pledge.id);
  expect([after.state, after.decision, after.hiddenReason]).toEqual(["closed", "hidden", "It advertises a business."]);
  expect(after.reports.map((r) => r.status)).toEqual(["upheld", "upheld"]);
  const emails = await hiddenEmails(pledge.email);
  expect(emails).toHaveLength(1);
  expect(emails[0]!.props).toMatchObject({ kind: "pledge", reason: "It advertises a business." });
  const audit = await auditOf(pledge.id);
  expect(audit.map((a) => a.action)).toEqual(["moderation.hide"]);
  expect(audit[0]!.actorEmail).toBe("desk-moderator@example.org");
  expect(audit[0]!.before).toMatchObject({ moderation: "visible", queue: "open", openReports: 2 });
  expect(audit[0]!.after).toMatchObject({ moderation: "hidden", queue: "closed", decision: "hidden" });

  // Restored and hidden again: still the one email.
  expect(status(await post({ intent: "restore", entryId: entry.id.toString() }))).toBe(302);
  expect(status(await post({ ...hide, reason: "It still advertises a business." }))).toBe(302);
  expect(await hiddenEmails(pledge.email)).toHaveLength(1);
  expect((await auditOf(pledge.id)).map((a) => a.action)).toEqual([
    "moderation.hide",
    "moderation.restore",
    "moderation.hide",
  ]);
});

test("hiding tells each kind's author: a note's pledger, a story's and an organisation's contact, an event's contact", async () => {
  const organisation = await createOrganisation(`desk-authors-${randomUUID().slice(0, 8)}`);
  const story = await prisma.progressReport.create({
    data: {
      id: randomUUID(),
      commitmentId: (await createCommitment(organisation.id)).id,
      value: 1,
      story: "One meeting.",
      reportedOn: new Date("2026-05-01"),
    },
  });
  const pledge = await authoredPledge();
  const checkIn = await prisma.checkIn.create({
    data: { id: randomUUID(), pledgeId: pledge.id, choice: "going", note: "Rude words", isPublic: true },
  });
  const event = await createEvent({ contactEmail: "event-contact@example.org" });
  for (const [kind, id, author] of [
    ["check_in", checkIn.id, pledge.email],
    ["progress_report", story.id, organisation.contactEmail],
    ["organisation", organisation.id, organisation.contactEmail],
    ["event", event.id, "event-contact@example.org"],
  ] as const) {
    await reportItem(kind, id, { reason: "Offensive, hateful or abusive", reporter: "203.0.113.51" });
    const entry = await entryOf(kind, id);
    const before = (await hiddenEmails(author)).length;
    expect(status(await post({ intent: "hide", entryId: entry.id.toString(), reason: "Not suitable here." }))).toBe(
      302,
    );
    expect(await hiddenEmails(author), kind).toHaveLength(before + 1);
  }
  expect((await prisma.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).moderation).toBe("hidden");
  expect((await prisma.progressReport.findUniqueOrThrow({ where: { id: story.id } })).moderation).toBe("hidden");
  expect((await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).moderation).toBe("hidden");
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).moderation).toBe("hidden");
});

test("approve: a held item shows, its entry closes, on the record", async () => {
  const { event, entry } = await heldEvent();
  expect(status(await post({ intent: "approve", entryId: entry.id.toString() }))).toBe(302);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).moderation).toBe("visible");
  const after = await entryOf("event", event.id);
  expect([after.state, after.decision]).toEqual(["closed", "approved"]);
  const [audit] = await auditOf(event.id);
  expect(audit).toMatchObject({ action: "moderation.approve", subjectKind: "event" });
  expect(audit!.before).toMatchObject({ moderation: "held", queue: "open" });
  expect(audit!.after).toMatchObject({ moderation: "visible", queue: "closed", decision: "approved" });
  // Nobody is emailed for an approval.
  expect(await hiddenEmails(event.contactEmail)).toHaveLength(0);
  const { recent } = await readQueue();
  expect(recent.find((e) => e.itemId === event.id)?.decision).toBe("approved");
});

test("restore: a hidden item shows again, and the decision can be undone from the recent list", async () => {
  const { pledge, entry } = await reportedPledge(1);
  await post({ intent: "hide", entryId: entry.id.toString(), reason: "Names a neighbour." });
  const { recent } = await readQueue();
  expect(recent.find((e) => e.itemId === pledge.id)).toMatchObject({
    decision: "hidden",
    hiddenReason: "Names a neighbour.",
  });
  expect(status(await post({ intent: "restore", entryId: entry.id.toString() }))).toBe(302);
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).moderation).toBe("visible");
  expect((await entryOf("pledge", pledge.id)).decision).toBe("restored");
  const audit = await auditOf(pledge.id);
  expect(audit.at(-1)).toMatchObject({ action: "moderation.restore" });
  expect(audit.at(-1)!.before).toMatchObject({ moderation: "hidden" });
  expect(audit.at(-1)!.after).toMatchObject({ moderation: "visible", decision: "restored" });
  // Restoring what shows already changes nothing.
  const again = await post({ intent: "restore", entryId: entry.id.toString() });
  expect((again as Response).headers.get("Location")).toBe("/admin/moderation?done=unchanged");
});

test("dismiss: the reports are set aside; an item they hid shows again; its entry closes", async () => {
  const { pledge, entry } = await reportedPledge(3);
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).moderation).toBe("hidden");
  expect(status(await post({ intent: "dismiss", entryId: entry.id.toString() }))).toBe(302);
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).moderation).toBe("visible");
  const after = await entryOf("pledge", pledge.id);
  expect([after.state, after.decision]).toEqual(["closed", "dismissed"]);
  expect(after.reports.map((r) => r.status)).toEqual(["dismissed", "dismissed", "dismissed"]);
  const [audit] = await auditOf(pledge.id);
  expect(audit).toMatchObject({ action: "moderation.dismiss" });
  expect(audit!.before).toMatchObject({ moderation: "hidden", openReports: 3 });
  expect(audit!.after).toMatchObject({ moderation: "visible", openReports: 0 });
  expect(await hiddenEmails(pledge.email)).toHaveLength(0);
  // A moderator judged it fine: new reports, even from three more people, put it back in the queue but never hide it.
  for (const reporter of ["198.51.100.1", "198.51.100.2", "198.51.100.3"])
    await reportItem("pledge", pledge.id, { reason: "Spam or advertising", reporter });
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).moderation).toBe("visible");
  expect((await entryOf("pledge", pledge.id)).state).toBe("open");
});

test("dismissing reports on an item the filter holds leaves it held and waiting", async () => {
  const { event, entry } = await heldEvent();
  await prisma.moderationReport.create({
    data: { moderationItemId: entry.id, reason: "Spam or advertising", reporterKey: "a-reporter" },
  });
  expect(status(await post({ intent: "dismiss", entryId: entry.id.toString() }))).toBe(302);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).moderation).toBe("held");
  expect((await entryOf("event", event.id)).state).toBe("open");
});

test("a decision without a reason to hide, for an entry that is not there, or from a page out of date is refused", async () => {
  const { pledge, entry } = await reportedPledge(1);
  expect(status(await post({ intent: "hide", entryId: entry.id.toString() }))).toBe(400);
  expect(status(await post({ intent: "hide", entryId: entry.id.toString(), reason: "  " }))).toBe(400);
  expect(status(await post({ intent: "delete", entryId: entry.id.toString() }))).toBe(400);
  expect(status(await post({ intent: "approve", entryId: "x1" }))).toBe(400);
  expect(status(await post({ intent: "approve", entryId: "999999999" }))).toBe(404);
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).moderation).toBe("visible");
  expect(await auditOf(pledge.id)).toHaveLength(0);
});

// ---- the word list -------------------------------------------------------------------------------

const wordsArgs = (cookie: string, form?: Record<string, string>) => args("/admin/moderation/words", cookie, form);

test("admins add and remove words, each change on the record, and the filter uses the list at once", async () => {
  const added = await settle(() => words.action(wordsArgs(cookies.admin, { intent: "add", word: "  Cheap   PILLS " })));
  expect((added as Response).headers.get("Location")).toBe("/admin/moderation/words?done=added");
  expect(await listedWords()).toContain("cheap pills");
  expect((await screen(["Buy cheap pills here"])).flags).toEqual(["word:cheap pills"]);
  const page = (await words.loader(wordsArgs(cookies.admin))) as Awaited<ReturnType<typeof words.loader>>;
  expect(page.words.map((w) => w.word)).toContain("cheap pills");

  // The same word again, in another case and spacing, is refused at the field.
  const twice = await settle(() => words.action(wordsArgs(cookies.admin, { intent: "add", word: "cheap pills" })));
  expect(status(twice)).toBe(400);

  await settle(() => words.action(wordsArgs(cookies.admin, { intent: "remove", word: "cheap pills" })));
  expect(await listedWords()).not.toContain("cheap pills");
  expect((await screen(["Buy cheap pills here"])).moderation).toBe("visible");

  const audit = await prisma.auditEntry.findMany({ where: { subjectId: "cheap pills" }, orderBy: { id: "asc" } });
  expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
    ["words.add", "desk-admin@example.org"],
    ["words.remove", "desk-admin@example.org"],
  ]);
});

test("a word with nothing to match, too long, or empty is refused", async () => {
  for (const word of ["", "   ", "!!!", "x".repeat(61)])
    expect(status(await settle(() => words.action(wordsArgs(cookies.admin, { intent: "add", word }))))).toBe(400);
});

test("moderators read the word list but cannot change it; residents cannot read it", async () => {
  const page = (await words.loader(wordsArgs(cookies.moderator))) as Awaited<ReturnType<typeof words.loader>>;
  expect(page.canEdit).toBe(false);
  const tried = await settle(() => words.action(wordsArgs(cookies.moderator, { intent: "add", word: "forbidden" })));
  expect(status(tried)).toBe(403);
  expect(await listedWords()).not.toContain("forbidden");
  expect(status(await settle(() => words.loader(wordsArgs(cookies.resident))))).toBe(403);
});
