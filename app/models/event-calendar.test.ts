/**
 * The .ics file read back by a calendar library (ical.js), as a calendar app
 * would: the times are the right instants on either side of the clock change,
 * and a changed event updates the same entry.
 */
import ICAL from "ical.js";
import { expect, test } from "vitest";
import { londonLocalToInstant } from "./event";
import { calendarFilename, calendarSequence, eventCalendar, type CalendarEvent } from "./event-calendar";

function at(local: string) {
  return londonLocalToInstant(local)!.toISOString();
}

function event(startsLocal: string, endsLocal: string, more: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id: "6f1c7a0e-1111-4a4a-8b8b-000000000001",
    title: "Litter pick on the Crescent",
    startsAt: at(startsLocal),
    endsAt: at(endsLocal),
    place: "Peel Park gates, The Crescent, Salford, M5 4WT",
    url: "http://localhost:3000/events/6f1c7a0e-1111-4a4a-8b8b-000000000001",
    ...more,
  };
}

function readBack(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  const parsed = new ICAL.Event(vevent);
  return {
    start: parsed.startDate.toJSDate().toISOString(),
    end: parsed.endDate.toJSDate().toISOString(),
    startZone: parsed.startDate.zone?.tzid,
    uid: parsed.uid,
    sequence: parsed.sequence,
    summary: parsed.summary,
    location: parsed.location,
    description: parsed.description,
    url: vevent.getFirstPropertyValue("url"),
    status: vevent.getFirstPropertyValue("status"),
  };
}

test("10:00 to 12:00 in Salford on a July day is 09:00 to 11:00 UTC, and on a January day 10:00 to 12:00 UTC", () => {
  const july = readBack(eventCalendar(event("2027-07-10T10:00", "2027-07-10T12:00")));
  expect(july).toMatchObject({ start: "2027-07-10T09:00:00.000Z", end: "2027-07-10T11:00:00.000Z", startZone: "UTC" });
  const january = readBack(eventCalendar(event("2027-01-16T10:00", "2027-01-16T12:00")));
  expect(january).toMatchObject({ start: "2027-01-16T10:00:00.000Z", end: "2027-01-16T12:00:00.000Z" });
});

test("an event across the March clock change keeps both its ends on Salford's clock", () => {
  // The clocks go forward at 01:00 on Sunday 28 March 2027: Saturday 10:00 is GMT, Sunday 16:00 is BST.
  const weekend = readBack(eventCalendar(event("2027-03-27T10:00", "2027-03-28T16:00")));
  expect(weekend).toMatchObject({ start: "2027-03-27T10:00:00.000Z", end: "2027-03-28T15:00:00.000Z" });
  // A night across the change itself: 00:30 GMT to 03:30 BST is two hours, not three.
  const night = readBack(eventCalendar(event("2027-03-28T00:30", "2027-03-28T03:30")));
  expect(night).toMatchObject({ start: "2027-03-28T00:30:00.000Z", end: "2027-03-28T02:30:00.000Z" });
  expect(Date.parse(night.end) - Date.parse(night.start)).toBe(2 * 3_600_000);
});

test("the title, place, page and description come back as written, commas, semicolons and new lines included", () => {
  const written = event("2027-07-10T10:00", "2027-07-10T12:00", {
    title: "Stall: pledges, tea; and cake",
    place: "Salford Precinct, Unit 4, M6 5JA",
    description: "Bring gloves.\nEveryone welcome, children too; dogs on leads.",
  });
  expect(readBack(eventCalendar(written))).toMatchObject({
    summary: "Stall: pledges, tea; and cake",
    location: "Salford Precinct, Unit 4, M6 5JA",
    url: written.url,
    description: `Bring gloves.\nEveryone welcome, children too; dogs on leads.\n\n${written.url}`,
    status: "CONFIRMED",
  });
});

test("a changed event updates the same calendar entry: the same UID, a higher SEQUENCE; a cancelled one says so", () => {
  const first = readBack(
    eventCalendar({
      ...event("2027-07-10T10:00", "2027-07-10T12:00"),
      sequence: calendarSequence(new Date("2027-06-01T09:00:00Z")),
    }),
  );
  const moved = readBack(
    eventCalendar({
      ...event("2027-07-10T11:00", "2027-07-10T13:00"),
      sequence: calendarSequence(new Date("2027-06-03T17:45:00Z")),
    }),
  );
  expect(first.uid).toBe("6f1c7a0e-1111-4a4a-8b8b-000000000001@salfordsocialvalue.org.uk");
  expect(moved.uid).toBe(first.uid);
  expect(moved.sequence).toBeGreaterThan(first.sequence);
  expect(moved.start).toBe("2027-07-10T10:00:00.000Z");
  const cancelled = readBack(eventCalendar({ ...event("2027-07-10T11:00", "2027-07-10T13:00"), cancelled: true }));
  expect(cancelled).toMatchObject({ uid: first.uid, status: "CANCELLED" });
});

test("made twice with the same stamp, the file is the same to the byte (a resent email is the same request)", () => {
  const stampedAt = new Date("2027-06-01T09:00:00Z");
  const once = eventCalendar(event("2027-07-10T10:00", "2027-07-10T12:00"), { stampedAt });
  const again = eventCalendar(event("2027-07-10T10:00", "2027-07-10T12:00"), { stampedAt });
  expect(again).toBe(once);
  expect(once).toContain("DTSTAMP:20270601T090000Z");
});

test("the file name is the title in plain letters", () => {
  expect(calendarFilename("Litter pick on the Crescent")).toBe("litter-pick-on-the-crescent.ics");
  expect(calendarFilename("Café & chat: Ordsall’s 2nd!")).toBe("cafe-chat-ordsall-s-2nd.ics");
  expect(calendarFilename("✨✨")).toBe("event.ics");
});
