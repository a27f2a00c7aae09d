import { parseWithZod } from "@conform-to/zod";
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { EventPostcodeSchema } from "~/models/event-admin.server";
import { newEventSchema, type EventInput } from "~/models/event-form";
import { confirmRsvp, createRsvp } from "~/models/rsvp.server";
import { prisma } from "~/utils/db.server";

const HOUR_MS = 3600 * 1000;

/** An event's fields to set, and `inDays`: how many days from now it starts, when `startsAt` is not given. */
type EventOverrides = Partial<Prisma.EventUncheckedCreateInput> & { inDays?: number };

/**
 * An event written straight to the database, for tests about what happens once
 * one exists: published, at a venue in Ordsall (M5 4WT), a week from now for
 * two hours, no capacity, unless told otherwise.
 */
export async function createEvent({ inDays = 7, ...overrides }: EventOverrides = {}) {
  const startsAt = overrides.startsAt ? new Date(overrides.startsAt) : new Date(Date.now() + inDays * 24 * HOUR_MS);
  return prisma.event.create({
    data: {
      id: randomUUID(),
      title: "Litter pick on the Crescent",
      description: "Bring gloves if you have them; we bring the rest.",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR_MS),
      mode: "place",
      venueName: "Ordsall Hall",
      address: "322 Ordsall Lane, Salford",
      postcode: "M5 4WT",
      wardCode: "E05013028",
      lat: 53.4735,
      lon: -2.2782,
      capacity: null,
      contactName: "Sam Organiser",
      contactEmail: "organiser@example.org",
      status: "published",
      publishedAt: new Date(),
      ...overrides,
    },
  });
}

/** An online event (the joining link shown only to those going), otherwise as createEvent. */
export function createOnlineEvent(overrides: EventOverrides = {}) {
  return createEvent({
    mode: "online",
    venueName: null,
    address: null,
    postcode: null,
    wardCode: null,
    lat: null,
    lon: null,
    onlineUrl: "https://meet.example.org/salford-litter-pick",
    ...overrides,
  });
}

/**
 * `n` RSVPs in `status` written straight to the database, each with an address
 * of its own, for tests about counts and lists rather than the RSVP journey.
 */
export async function createRsvps(eventId: string, status: string, n: number, extra: { attendedAt?: Date } = {}) {
  for (let i = 0; i < n; i++) {
    const email = `${status}-${randomUUID().slice(0, 8)}@example.org`;
    await prisma.rsvp.create({
      data: { id: randomUUID(), eventId, name: "A Neighbour", email, emailNormalised: email, status, ...extra },
    });
  }
}

/** The confirmation token in the newest rsvp-confirm email queued for this address. */
export async function rsvpConfirmTokenFor(email: string) {
  const message = await prisma.emailMessage.findFirst({
    where: { toAddress: email, template: "rsvp-confirm" },
    orderBy: { id: "desc" },
  });
  const url = (message?.props as { confirmUrl?: string } | null)?.confirmUrl;
  if (!url) throw new Error(`no RSVP confirmation email queued for ${email}`);
  return decodeURIComponent(url.split("/rsvps/confirm/")[1]!);
}

/** RSVPs through the model (as the form does) and returns the emailed confirmation token. */
export async function rsvpFor(eventId: string, email: string, name = "Ada Lovelace") {
  const result = await createRsvp(eventId, { name, email });
  if (result.status !== "sent") throw new Error(`RSVP refused: ${result.status}`);
  return rsvpConfirmTokenFor(email);
}

/** RSVPs and presses the emailed link's button: going, or waiting when the event is full. */
export async function rsvpAndConfirm(eventId: string, email: string, name = "Ada Lovelace") {
  const result = await confirmRsvp(await rsvpFor(eventId, email, name));
  if (result.status !== "going" && result.status !== "waiting") throw new Error(`not confirmed: ${result.status}`);
  return result;
}

/**
 * An event form's input as the form's own schema reads it (so tests go through the same rules): a place event
 * at Ordsall Hall far in the future, run by the first of `organisers` ("alliance" or an organisation's id),
 * with these fields changed.
 */
export function eventInput(fields: Record<string, string> = {}, organisers: string[] = ["alliance"]): EventInput {
  const all: Record<string, string> = {
    organisation: organisers[0]!,
    title: "Litter pick on the Crescent",
    description: "Bring gloves if you have them; we bring the rest.",
    startsAt: "2099-03-06T10:00",
    endsAt: "2099-03-06T12:00",
    mode: "place",
    venueName: "Ordsall Hall",
    address: "322 Ordsall Lane, Salford",
    postcode: "m5 4wt",
    contactName: "Sam Organiser",
    contactEmail: "sam@example.org",
    ...fields,
  };
  const data = new FormData();
  for (const [key, value] of Object.entries(all)) data.append(key, value);
  const submission = parseWithZod(data, {
    schema: newEventSchema({ organisers, campaignIds: [] }).and(EventPostcodeSchema),
  });
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  return submission.value;
}
