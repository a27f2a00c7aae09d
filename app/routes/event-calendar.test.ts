/**
 * "Add to calendar" (/events/:id/calendar.ics): a public event's file, read
 * back by a calendar library; nothing for a draft, an unknown event or junk.
 */
import ICAL from "ical.js";
import { expect, test } from "vitest";
import { londonLocalToInstant } from "~/models/event";
import { findEventCalendar } from "~/models/event-calendar.server";
import { createEvent, createOnlineEvent } from "../../tests/events";
import { loaderArgs, settle } from "../../tests/helpers";
import { loader } from "./events.$id.calendar[.ics]";

async function download(id: string) {
  return (await settle(() => loader(loaderArgs(`/events/${id}/calendar.ics`, { id })))) as Response;
}

function vevent(ics: string) {
  return new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
}

test("a published event downloads as a calendar file with its Salford times as instants, its place and its page", async () => {
  const event = await createEvent({
    title: "Summer litter pick",
    startsAt: londonLocalToInstant("2027-07-10T10:00")!,
    endsAt: londonLocalToInstant("2027-07-10T12:00")!,
  });
  const response = await download(event.id);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="summer-litter-pick.ics"');
  const read = new ICAL.Event(vevent(await response.text()));
  expect(read.startDate.toJSDate().toISOString()).toBe("2027-07-10T09:00:00.000Z");
  expect(read.endDate.toJSDate().toISOString()).toBe("2027-07-10T11:00:00.000Z");
  expect(read.uid).toBe(`${event.id}@salfordsocialvalue.org.uk`);
  expect(read.summary).toBe("Summer litter pick");
  expect(read.location).toBe("Ordsall Hall, 322 Ordsall Lane, Salford, M5 4WT");
  expect(read.description).toContain("Bring gloves");
  expect(vevent(await (await download(event.id)).text()).getFirstPropertyValue("url")).toBe(
    `http://localhost:3000/events/${event.id}`,
  );
});

test("a winter event is 10:00Z for 10:00 in Salford; an online event's place is Online and its joining link is not in the file", async () => {
  const event = await createOnlineEvent({
    startsAt: londonLocalToInstant("2027-01-16T10:00")!,
    endsAt: londonLocalToInstant("2027-01-16T12:00")!,
  });
  const ics = await (await download(event.id)).text();
  const read = new ICAL.Event(vevent(ics));
  expect(read.startDate.toJSDate().toISOString()).toBe("2027-01-16T10:00:00.000Z");
  expect(read.location).toBe("Online");
  expect(ics).not.toContain("meet.example.org");
});

test("a cancelled event's file says it is cancelled, with the same UID, so a calendar that has it shows it cancelled", async () => {
  const event = await createEvent({ status: "cancelled", cancelledAt: new Date() });
  const response = await download(event.id);
  expect(response.status).toBe(200);
  const read = vevent(await response.text());
  expect(read.getFirstPropertyValue("status")).toBe("CANCELLED");
  expect(read.getFirstPropertyValue("uid")).toBe(`${event.id}@salfordsocialvalue.org.uk`);
});

test("a later download has a higher SEQUENCE, so a changed event replaces the entry already in a calendar", async () => {
  const event = await createEvent();
  const sequenceAt = async (now: Date) =>
    new ICAL.Event(vevent((await findEventCalendar(event.id, now))!.ics)).sequence;
  const first = await sequenceAt(new Date("2026-12-01T09:00:00Z"));
  expect(await sequenceAt(new Date("2026-12-01T09:00:01Z"))).toBeGreaterThan(first);
});

test("a draft, an event that does not exist and an id no event could have are all 404", async () => {
  const draft = await createEvent({ status: "draft", publishedAt: null });
  expect((await download(draft.id)).status).toBe(404);
  expect((await download("6f1c7a0e-1111-4a4a-8b8b-0000000000ff")).status).toBe(404);
  expect((await download("not-an-id")).status).toBe(404);
  expect((await download("'; DROP TABLE event; --")).status).toBe(404);
});
