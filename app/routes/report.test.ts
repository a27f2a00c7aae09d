import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { processReadyOnCue } from "../../tests/on-cue";
import { createCommitment, createOrganisation } from "../../tests/accounts";
import { createEvent } from "../../tests/events";
import { actionArgs, createConfirmedPledge, freshIp, loaderArgs, settle } from "../../tests/helpers";
import { prisma } from "~/utils/db.server";
import { action, loader } from "./report.$kind.$id";

/*
 * The public Report page: anyone reports a published thing; enough reports
 * hide it until a moderator looks; anything not public is not there to report.
 */

let counter = 0;
async function pledge(commitment = "I will litter pick on my street every Saturday.") {
  counter += 1;
  return createConfirmedPledge({ name: "Jane Smith", email: `reported-${counter}@example.org`, commitment });
}

const report = (kind: string, id: string, fields: Record<string, string>, ip = freshIp()) =>
  settle(() => action(actionArgs(`/report/${kind}/${id}`, fields, { ip, params: { kind, id } })));
const page = (kind: string, id: string, query = "") =>
  settle(() => loader(loaderArgs(`/report/${kind}/${id}${query}`, { kind, id })));
const status = (answer: unknown) =>
  answer instanceof Response ? answer.status : ((answer as { init?: { status?: number } }).init?.status ?? 200);

async function moderationOf(id: string) {
  return (await prisma.pledge.findUniqueOrThrow({ where: { id } })).moderation;
}

test("a visitor reports a pledge through the page: thanked, and the report waits in the queue with its reason", async () => {
  const { id } = await pledge();
  const shown = (await page("pledge", id)) as Awaited<ReturnType<typeof loader>>;
  expect(shown.target?.title).toContain("I will litter pick on my street");

  const answer = await report("pledge", id, {
    reason: "spam",
    details: "It advertises a skip hire firm.",
    contactEmail: "neighbour@example.org",
  });
  expect(status(answer)).toBe(302);
  expect((answer as Response).headers.get("Location")).toBe(`/report/pledge/${id}?sent=1`);
  const entry = await prisma.moderationItem.findUniqueOrThrow({
    where: { kind_itemId: { kind: "pledge", itemId: id } },
    include: { reports: true },
  });
  expect(entry.state).toBe("open");
  expect(entry.reports.map((r) => [r.reason, r.contactEmail, r.status])).toEqual([
    ["Spam or advertising: It advertises a skip hire firm.", "neighbour@example.org", "open"],
  ]);
  // One report does not hide it.
  expect(await moderationOf(id)).toBe("visible");
  expect(await page("pledge", id, "?sent=1")).toEqual({ sent: true, target: null });
});

/** A second web process that sends these reports ("kind:id" each) when told "go"; resolves once it is connected and waiting. */
const processReadyToReport = (targets: string[]) =>
  processReadyOnCue<(boolean | string)[]>("tests/report-on-cue.ts", targets);

test("three reports hide an item until it is reviewed; a fourth arriving with them is counted once and breaks nothing", async () => {
  // Four reports on each of five pledges at once, one from each of four web processes: one process's
  // transactions take turns for a connection, four processes' really do race.
  const ids: string[] = [];
  for (let i = 0; i < 5; i += 1) ids.push((await pledge()).id);
  const targets = ids.map((id) => `pledge:${id}`);
  const processes = await Promise.all([1, 2, 3, 4].map(() => processReadyToReport(targets)));
  for (const p of processes) p.go();
  const results = (await Promise.all(processes.map((p) => p.result))).flat();
  expect(results.every((r) => typeof r === "boolean")).toBe(true);
  // Each counted the others exactly: for each pledge one report, the third, hid it.
  expect(results.filter((r) => r === true)).toHaveLength(5);
  for (const id of ids) {
    expect(await moderationOf(id)).toBe("hidden");
    const entries = await prisma.moderationItem.findMany({ where: { itemId: id }, include: { reports: true } });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.state).toBe("open");
    expect(entries[0]!.reports.filter((r) => r.status === "open")).toHaveLength(4);
  }
  // Hidden: no longer there to report, but the thanks still reads the same.
  expect(status(await page("pledge", ids[0]!))).toBe(404);
  expect(status(await report("pledge", ids[0]!, { reason: "spam" }))).toBe(404);
  expect(status(await page("pledge", ids[0]!, "?sent=1"))).toBe(200);
});

test("two reports leave it showing; through the page, the third hides it", async () => {
  const { id } = await pledge();
  for (const reason of ["offensive", "spam"]) expect(status(await report("pledge", id, { reason }))).toBe(302);
  expect(await moderationOf(id)).toBe("visible");
  expect(status(await report("pledge", id, { reason: "misleading" }))).toBe(302);
  expect(await moderationOf(id)).toBe("hidden");
});

test("one person reporting three times does not hide it: it takes three people", async () => {
  const { id } = await pledge();
  const ip = freshIp();
  for (const reason of ["offensive", "spam", "misleading"])
    expect(status(await report("pledge", id, { reason }, ip))).toBe(302);
  expect(await moderationOf(id)).toBe("visible");
  // Their reports wait in the queue all the same, with no address stored.
  const reports = await prisma.moderationReport.findMany({ where: { item: { itemId: id } } });
  expect(reports).toHaveLength(3);
  expect(new Set(reports.map((r) => r.reporterKey)).size).toBe(1);
  expect(reports.map((r) => [r.reason, r.contactEmail, r.reporterKey].join(" ")).join(" ")).not.toContain(ip);
  expect(status(await report("pledge", id, { reason: "spam" }))).toBe(302);
  expect(status(await report("pledge", id, { reason: "spam" }))).toBe(302);
  expect(await moderationOf(id)).toBe("hidden");
});

test("an unknown kind, a malformed id, a missing item, or one not public is 404, and nothing is stored", async () => {
  const unconfirmed = await pledge();
  await prisma.pledge.update({ where: { id: unconfirmed.id }, data: { confirmedAt: null } });
  const held = await pledge();
  await prisma.pledge.update({ where: { id: held.id }, data: { moderation: "held" } });
  const draft = await createEvent({ status: "draft", publishedAt: null });
  const pending = await createOrganisation("report-pending", "pending");
  const privateCheckIn = await prisma.checkIn.create({
    data: { id: randomUUID(), pledgeId: (await pledge()).id, choice: "going", note: "Going well", isPublic: false },
  });
  const before = await prisma.moderationReport.count();
  for (const [kind, id] of [
    ["comment", randomUUID()],
    ["pledge", "123"],
    ["pledge", `${randomUUID()}x`],
    ["pledge", randomUUID()],
    ["event", randomUUID()],
    ["pledge", unconfirmed.id],
    ["pledge", held.id],
    ["event", draft.id],
    ["organisation", pending.id],
    ["check_in", privateCheckIn.id],
  ] as const) {
    expect(status(await page(kind, id)), `${kind} ${id}`).toBe(404);
    expect(status(await report(kind, id, { reason: "spam" })), `${kind} ${id}`).toBe(404);
  }
  // The thanks page too is only for a kind and an id that could be.
  expect(status(await page("comment", randomUUID(), "?sent=1"))).toBe(404);
  expect(await prisma.moderationReport.count()).toBe(before);
  expect(await prisma.moderationItem.count({ where: { itemId: held.id } })).toBe(0);
});

test("every kind that is public can be reported", async () => {
  const organisation = await createOrganisation("report-kinds");
  const commitment = await createCommitment(organisation.id);
  const story = await prisma.progressReport.create({
    data: {
      id: randomUUID(),
      commitmentId: commitment.id,
      value: 3,
      story: "Three meetings this spring.",
      reportedOn: new Date("2026-05-01"),
    },
  });
  const checkIn = await prisma.checkIn.create({
    data: { id: randomUUID(), pledgeId: (await pledge()).id, choice: "going", note: "Going well", isPublic: true },
  });
  const event = await createEvent();
  for (const [kind, id] of [
    ["organisation", organisation.id],
    ["progress_report", story.id],
    ["check_in", checkIn.id],
    ["event", event.id],
  ] as const) {
    expect(status(await page(kind, id)), kind).toBe(200);
    expect(status(await report(kind, id, { reason: "offensive" })), kind).toBe(302);
    expect(await prisma.moderationItem.count({ where: { kind, itemId: id, state: "open" } }), kind).toBe(1);
  }
});

test("a report needs a reason, and words for 'Something else'; a contact address must be one; nothing is stored until it is right", async () => {
  const { id } = await pledge();
  const mistakes: Record<string, string>[] = [
    {},
    { reason: "rude" },
    { reason: "other" },
    { reason: "other", details: "   " },
    { reason: "spam", contactEmail: "not an address" },
    { reason: "spam", details: "x".repeat(501) },
  ];
  for (const fields of mistakes) {
    const answer = await report("pledge", id, fields);
    expect(status(answer), JSON.stringify(fields)).toBe(400);
  }
  expect(await prisma.moderationReport.count({ where: { item: { itemId: id } } })).toBe(0);
  expect(status(await report("pledge", id, { reason: "other", details: "It names my neighbour." }))).toBe(302);
});

test("a robot that fills the honeypot is thanked and nothing is stored", async () => {
  const { id } = await pledge();
  const answer = await report("pledge", id, { reason: "spam", homepage: "http://spam.example" });
  expect(status(answer)).toBe(302);
  expect(await prisma.moderationItem.count({ where: { itemId: id } })).toBe(0);
});

test("reports are rate limited per address (RATE_LIMIT_REPORT, 5 a minute by default)", async () => {
  const { id } = await pledge();
  const ip = freshIp();
  for (let i = 0; i < 5; i += 1) expect(status(await report("pledge", id, {}, ip))).toBe(400);
  const limited = await report("pledge", id, { reason: "spam" }, ip);
  expect(status(limited)).toBe(429);
  expect((limited as Response).headers.get("Retry-After")).toMatch(/^\d+$/);
  // Another address is not held back.
  expect(status(await report("pledge", id, { reason: "spam" }))).toBe(302);
});
