/**
 * The event emails as a reader sees them: every one says which event, when
 * (in Salford's time, whichever side of the clock change) and where, and only
 * the follow-up can be stopped with one click.
 */
import { expect, test } from "vitest";
import { EMAIL_QUEUEING, renderQueuedEmail } from "~/models/email-queue.server";
import { formatEventTime, type EventEmailEvent, type EventEmailProps } from "~/models/event";
import { renderEmail } from "./email.server";

const summer: EventEmailEvent = {
  id: "6f1c7a0e-1111-4a4a-8b8b-000000000001",
  title: "Litter pick on the Crescent",
  startsAt: "2027-07-10T09:00:00.000Z",
  endsAt: "2027-07-10T11:00:00.000Z",
  place: "Peel Park gates, The Crescent, Salford, M5 4WT",
  url: "http://localhost:3000/events/6f1c7a0e-1111-4a4a-8b8b-000000000001",
};
const winter: EventEmailEvent = { ...summer, startsAt: "2027-01-16T10:00:00.000Z", endsAt: "2027-01-16T12:00:00.000Z" };

const props = (event: EventEmailEvent): { [T in keyof EventEmailProps]: EventEmailProps[T] } => ({
  "rsvp-confirm": { name: "Jane", event, confirmUrl: "http://localhost:3000/rsvp/confirm-token" },
  "rsvp-going": { name: "Jane", event, cancelUrl: "http://localhost:3000/rsvp/cancel-token", onlineUrl: null },
  "rsvp-waiting": { name: "Jane", event, position: 4, cancelUrl: "http://localhost:3000/rsvp/cancel-token" },
  "rsvp-offer": {
    name: "Jane",
    event,
    acceptUrl: "http://localhost:3000/rsvp/accept-token",
    declineUrl: "http://localhost:3000/rsvp/decline-token",
    expiresAt: "2027-07-08T13:30:00.000Z",
  },
  "event-reminder": {
    name: "Jane",
    event,
    stillComingUrl: "http://localhost:3000/rsvp/still-token",
    cantComeUrl: "http://localhost:3000/rsvp/cant-token",
    onlineUrl: null,
  },
  "event-changed": {
    name: "Jane",
    event,
    changes: ["It now starts at 10:00 (it was 09:00)."],
    status: "going",
    cancelUrl: "http://localhost:3000/rsvp/cancel-token",
    onlineUrl: null,
    acceptUrl: null,
    expiresAt: null,
  },
  "event-cancelled": { name: "Jane", event },
  "event-follow-up": { name: "Jane", event, pledgeUrl: "http://localhost:3000/pledge?campaign=x", hasPledge: false },
});

test("every event email names the event, its time in Salford's time and its place, and greets the person", () => {
  for (const [template, summerProps] of Object.entries(props(summer))) {
    const email = renderEmail({ template, to: "jane@example.org", props: summerProps });
    expect(email.subject, template).toContain("Litter pick on the Crescent");
    expect(email.html, template).toContain("Jane");
    // The thank-you after it needs no time or place.
    if (template === "event-follow-up") continue;
    // 09:00Z in July is 10:00 on the clock in Salford.
    expect(email.text, template).toContain(formatEventTime(summer.startsAt, summer.endsAt));
    expect(email.text, template).toMatch(/10 July 2027, 10:00 to 12:00/);
    expect(email.text, template).toContain("M5 4WT");
    const inWinter = renderEmail({ template, to: "jane@example.org", props: props(winter)[template as "rsvp-going"] });
    // 10:00Z in January is 10:00 on the clock too.
    expect(inWinter.text, template).toMatch(/16 January 2027, 10:00 to 12:00/);
  }
});

test("each email carries the links its reader acts on", () => {
  const all = props(summer);
  const text = (template: keyof EventEmailProps) =>
    renderEmail({ template, to: "jane@example.org", props: all[template] }).text;
  expect(text("rsvp-confirm")).toContain("http://localhost:3000/rsvp/confirm-token");
  expect(text("rsvp-going")).toContain("http://localhost:3000/rsvp/cancel-token");
  expect(text("rsvp-waiting")).toContain("number 4 on the waiting list");
  expect(text("rsvp-offer")).toContain("http://localhost:3000/rsvp/accept-token");
  expect(text("rsvp-offer")).toContain("http://localhost:3000/rsvp/decline-token");
  // The offer's end in Salford's time: 13:30Z in July is 14:30 on the clock.
  expect(text("rsvp-offer")).toContain("14:30 on Thursday 8 July");
  expect(text("event-reminder")).toContain("http://localhost:3000/rsvp/still-token");
  expect(text("event-reminder")).toContain("http://localhost:3000/rsvp/cant-token");
  expect(text("event-changed")).toContain("It now starts at 10:00 (it was 09:00).");
  expect(text("event-follow-up")).toContain("http://localhost:3000/pledge?campaign=x");
});

test("the joining link of an online event is in the emails of those going, and not otherwise", () => {
  const online = { ...summer, place: "Online" };
  const going = renderEmail({
    template: "rsvp-going",
    to: "jane@example.org",
    props: { ...props(online)["rsvp-going"], onlineUrl: "https://meet.example.org/abc" },
  });
  expect(going.text).toContain("https://meet.example.org/abc");
  const waiting = renderEmail({
    template: "rsvp-waiting",
    to: "jane@example.org",
    props: props(online)["rsvp-waiting"],
  });
  expect(waiting.text).not.toContain("meet.example.org");
});

test("only the follow-up can be stopped: it carries one-click unsubscribe for the events category, the others none", () => {
  for (const [template, templateProps] of Object.entries(props(summer))) {
    const { category } = EMAIL_QUEUEING[template as keyof EventEmailProps];
    const email = renderQueuedEmail({ template, to: "jane@example.org", props: templateProps, category });
    if (template === "event-follow-up") {
      expect(category).toBe("events");
      expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    } else {
      expect(category, template).toBe("transactional");
      expect(email.headers, template).toEqual({});
    }
  }
});
