import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Event, Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { listPublicCampaigns } from "./campaign.server";
import { formatEventTime, instantToLondonLocal, type EventStatus } from "./event";
import {
  ALLIANCE,
  CAMPAIGN_MESSAGE,
  ORGANISER_MESSAGE,
  START_PAST_MESSAGE,
  type EventFormValues,
  type EventInput,
} from "./event-form";
import type { ModerationState } from "./moderation";
import { holdForReview, screen } from "./moderation.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { isEventId, organisationsForEvents } from "./permissions.server";
import { notInSalford, POSTCODE_INVALID } from "./postcode";
import { eventEmailEvent, eventStartMoved, offerFreedPlaces, placesTaken, queueEventChangeEmails } from "./rsvp.server";
import { lookupPostcode } from "./ward.server";

/*
 * Events as their organisers make and run them: drafts included. Who may
 * organise which event is permissions.server.ts's (eventAccess); the guard
 * (requireEventOrganiser) has already asked it before anything here runs.
 */

type Db = Prisma.TransactionClient;
/** Who acts: every route passes the signed-in user (with the email the audit log records). */
type User = { id: string; role: string; email?: string };

/** An event as its audit entries record it: the fields an organiser sets, as they read. */
function auditView(event: Event) {
  return {
    title: event.title,
    status: event.status,
    startsAt: instantToLondonLocal(event.startsAt),
    endsAt: instantToLondonLocal(event.endsAt),
    mode: event.mode,
    place: eventEmailEvent(event).place,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    campaignId: event.campaignId,
  };
}

/** Records an organiser's or admin's change to an event, when the caller says who (routes always do). */
async function recordEventChange(
  tx: Db,
  user: User | undefined,
  action: string,
  summary: string,
  before: Event | null,
  after: Event,
) {
  if (!user?.email) return;
  const actor: AuditActor = { id: user.id, email: user.email, role: user.role };
  await recordAudit(
    actor,
    {
      action,
      subject: { kind: "event", id: after.id },
      summary,
      before: before && auditView(before),
      after: auditView(after),
    },
    tx,
  );
}

/**
 * The Salford-postcode rule for a place (an online event's leftover postcode
 * field is not read). Joined to the form's schema with .and on the server, so
 * its error shows with the others; it adds no value of its own to the result.
 */
export const EventPostcodeSchema = z
  .object({ mode: z.string().optional(), postcode: z.string().trim().optional() })
  .superRefine((value, ctx) => {
    // Missing or too long is the form schema's to say.
    if (value.mode !== "place" || !value.postcode || value.postcode.length > 10) return;
    const place = lookupPostcode(value.postcode);
    if (place.status === "invalid") ctx.addIssue({ code: "custom", path: ["postcode"], message: POSTCODE_INVALID });
    if (place.status === "outside-salford")
      ctx.addIssue({ code: "custom", path: ["postcode"], message: notInSalford(place.postcode) });
  })
  .transform(() => ({}));

export type OrganiserChoice = { value: string; label: string };

/** Who this user may make an event for: the Alliance (admins), then the verified organisations they may act for. */
export async function listOrganiserChoices(user: User): Promise<OrganiserChoice[]> {
  const organisations = await organisationsForEvents(user);
  return [
    ...(user.role === "admin" ? [{ value: ALLIANCE, label: "The Salford Social Value Alliance" }] : []),
    ...organisations.map((o) => ({ value: o.id, label: o.name })),
  ];
}

/** The published campaigns an event may belong to (not those past), and the one it belongs to now. */
export async function listCampaignChoices(currentId: string | null = null) {
  const campaigns = await listPublicCampaigns();
  return campaigns.filter((c) => c.phase !== "past" || c.id === currentId).map((c) => ({ value: c.id, label: c.name }));
}

export type EventRefusalField = "organisation" | "campaignId" | "postcode" | "capacity" | "startsAt" | "endsAt";
export type EventRefusal = { field: EventRefusalField | ""; message: string };
export type EventSaved = { ok: true; id: string } | { ok: false; refusal: EventRefusal };

class Refused extends Error {
  constructor(readonly refusal: EventRefusal) {
    super(refusal.message);
  }
}

async function refusing<T>(run: () => Promise<T>): Promise<T | { ok: false; refusal: EventRefusal }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    throw error;
  }
}

/** The columns the form sets: the place's ward and pin come from its postcode, an online event has none. */
function columns(input: EventInput) {
  const atPlace = input.mode === "place";
  const place = atPlace ? lookupPostcode(input.postcode ?? "") : null;
  if (atPlace && place?.status !== "found") throw new Refused({ field: "postcode", message: POSTCODE_INVALID });
  const location = place?.status === "found" ? place.location : null;
  return {
    title: input.title,
    description: input.description,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    mode: input.mode,
    venueName: atPlace ? input.venueName! : null,
    address: atPlace ? input.address! : null,
    postcode: location?.postcode ?? null,
    wardCode: location?.wardCode ?? null,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    onlineUrl: atPlace ? null : input.onlineUrl!,
    capacity: input.capacity ?? null,
    campaignId: input.campaignId ?? null,
    stepFree: input.stepFree ?? false,
    hearingLoop: input.hearingLoop ?? false,
    quietSpace: input.quietSpace ?? false,
    accessibilityNotes: input.accessibilityNotes || null,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
  };
}

/** A campaign named must still be published now (the page's list may be out of date, or the request made up). */
async function checkCampaign(tx: Db, campaignId: string | undefined, keep: string | null = null) {
  if (!campaignId || campaignId === keep) return;
  const published = await tx.campaign.count({ where: { id: campaignId, status: "published" } });
  if (!published) throw new Refused({ field: "campaignId", message: CAMPAIGN_MESSAGE });
}

/** The words an event publishes, for the filter (its joining link is a link by design, and only attendees see it). */
const screenEvent = (input: EventInput) => screen([input.title, input.description]);

/**
 * A new event, as a draft: only its organisers see it until it is published.
 * Who runs it is checked here again: the Alliance for admins only, an
 * organisation only while it is verified and the user may act for it. A title
 * or description the filter catches is held for the moderators: published or
 * not, the public does not see the event until one approves it.
 */
export function createEvent(user: User, input: EventInput): Promise<EventSaved> {
  return refusing(async () => {
    const allowed = (await listOrganiserChoices(user)).map((c) => c.value);
    if (!input.organisation || !allowed.includes(input.organisation))
      throw new Refused({ field: "organisation", message: ORGANISER_MESSAGE });
    const data = columns(input);
    const { moderation, flags } = await screenEvent(input);
    return prisma.$transaction(async (tx): Promise<EventSaved> => {
      await checkCampaign(tx, input.campaignId);
      const id = randomUUID();
      const created = await tx.event.create({
        data: {
          id,
          ...data,
          organisationId: input.organisation === ALLIANCE ? null : input.organisation!,
          status: "draft",
          moderation,
          createdById: user.id,
        },
      });
      if (flags.length) await holdForReview(tx, "event", id, flags);
      await recordEventChange(tx, user, "event.create", `Created event ${created.title} as a draft`, null, created);
      return { ok: true, id };
    });
  });
}

/** Its place in words, as the emails say it: "Venue, address, postcode", or "Online". */
function describePlace(event: Event) {
  return eventEmailEvent(event).place;
}

/** What changed that the people coming must hear about, as sentences; none for a change they need not hear. */
export function describeChanges(before: Event, after: Event): string[] {
  const changes: string[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime())
    changes.push(`It now starts at ${formatEventTime(after.startsAt, after.endsAt)}.`);
  if (before.mode !== after.mode || describePlace(before) !== describePlace(after))
    changes.push(after.mode === "online" ? "It is now online." : `It is now at ${describePlace(after)}.`);
  else if (after.mode === "online" && before.onlineUrl !== after.onlineUrl)
    changes.push("The joining link has changed.");
  return changes;
}

/** The event's row, locked until the transaction ends: RSVPs decide places under this same lock. */
async function lockEvent(tx: Db, eventId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM event WHERE id = ${eventId}::uuid FOR UPDATE`;
  return locked ? tx.event.findUnique({ where: { id: eventId } }) : null;
}

/**
 * An edited event's times against now, which only the saved event can say (the form's schema
 * knows neither): a new start may not be in the past, though one under way keeps the start it
 * had; a published event may not be given an end that has passed, which would thank everyone
 * at once for an event that never happened and spend their one follow-up.
 */
function checkTimes(event: Event, data: { startsAt: Date; endsAt: Date }, now: Date) {
  if (data.startsAt.getTime() !== event.startsAt.getTime() && data.startsAt < now)
    throw new Refused({ field: "startsAt", message: START_PAST_MESSAGE });
  const endChanged = data.endsAt.getTime() !== event.endsAt.getTime();
  if (event.status === "published" && endChanged && data.endsAt <= now)
    throw new Refused({ field: "endsAt", message: "The end must not be in the past for a published event" });
}

/**
 * Saves an event's form. On a published event, a new time or place is
 * emailed to everyone going, offered or waiting, once, in this transaction;
 * a new start moves the reminders and cuts the offers to it (eventStartMoved);
 * a higher capacity offers the freed places to the waitlist, and no limit
 * lets everyone waiting or offered one in. A capacity below
 * the places already taken is refused: nobody is un-invited. Its title and
 * description pass the filter again: caught, the event is held (off every
 * public page) and back in the moderators' queue; passing, it keeps the state
 * it had (visible stays visible; one held or hidden still waits for a
 * moderator). Null for no such event.
 */
export async function updateEvent(
  eventId: string,
  input: EventInput,
  now = new Date(),
  user?: User,
): Promise<EventSaved | null> {
  if (!isEventId(eventId)) return null;
  const { flags } = await screenEvent(input);
  return refusing(() =>
    prisma.$transaction(async (tx): Promise<EventSaved | null> => {
      const event = await lockEvent(tx, eventId);
      if (!event) return null;
      if (event.status === "cancelled")
        throw new Refused({ field: "", message: "This event is cancelled: it cannot be changed." });
      const data = columns(input);
      checkTimes(event, data, now);
      await checkCampaign(tx, input.campaignId, event.campaignId);
      const taken = await placesTaken(tx, eventId);
      if (data.capacity !== null && data.capacity < taken)
        throw new Refused({
          field: "capacity",
          message: `${taken} ${taken === 1 ? "person has a place" : "people have places"} (going, or offered one): the capacity cannot be lower than ${taken}`,
        });
      const updated = await tx.event.update({
        where: { id: eventId },
        data: { ...data, ...(flags.length ? { moderation: "held" } : {}), updatedAt: now },
      });
      if (flags.length) await holdForReview(tx, "event", eventId, flags);
      if (updated.startsAt.getTime() !== event.startsAt.getTime()) await eventStartMoved(tx, updated, now);
      if (event.status === "published") {
        const changes = describeChanges(event, updated);
        // Words the moderators have not yet seen go to nobody: a held event is told by its title as it was.
        const told = updated.moderation === "visible" ? updated : { ...updated, title: event.title };
        if (changes.length) await queueEventChangeEmails(tx, told, { kind: "changed", changes });
        const raised = event.capacity !== null && (updated.capacity === null || updated.capacity > event.capacity);
        if (raised) await offerFreedPlaces(tx, eventId, now);
      }
      await recordEventChange(tx, user, "event.update", `Edited event ${updated.title}`, event, updated);
      return { ok: true, id: eventId };
    }),
  );
}

export type EventStatusChange = "publish" | "cancel" | "draft";
export type EventStatusResult = { ok: true; status: EventStatus } | { ok: false; message: string } | null;

/**
 * Publishes an event (the public sees it from then), cancels it (everyone
 * going, offered or waiting hears once, in this transaction; the lists stay
 * for the record; not once it has ended) or takes it back to draft, which only an event nobody has
 * RSVPed to may do: a draft cannot keep promises to people. Null for no such event.
 */
export async function setEventStatus(
  eventId: string,
  change: EventStatusChange,
  now = new Date(),
  user?: User,
): Promise<EventStatusResult> {
  if (!isEventId(eventId)) return null;
  return prisma.$transaction(async (tx): Promise<EventStatusResult> => {
    const event = await lockEvent(tx, eventId);
    if (!event) return null;
    const status = event.status as EventStatus;
    if (change === "publish") {
      if (status === "published") return { ok: true, status };
      if (status === "cancelled") return { ok: false, message: "A cancelled event cannot be published again." };
      if (event.endsAt <= now) return { ok: false, message: "This event has already ended: change its time first." };
      const published = await tx.event.update({
        where: { id: eventId },
        data: { status: "published", publishedAt: now, updatedAt: now },
      });
      await recordEventChange(tx, user, "event.publish", `Published event ${event.title}`, event, published);
      return { ok: true, status: "published" };
    }
    if (change === "cancel") {
      if (status === "cancelled") return { ok: true, status };
      // Those who went would be told it was cancelled: an event that has happened stays as it was.
      if (event.endsAt <= now) return { ok: false, message: "This event has already ended: it cannot be cancelled." };
      const cancelled = await tx.event.update({
        where: { id: eventId },
        data: { status: "cancelled", cancelledAt: now, updatedAt: now },
      });
      if (status === "published") await queueEventChangeEmails(tx, cancelled, { kind: "cancelled" });
      await recordEventChange(tx, user, "event.cancel", `Cancelled event ${event.title}`, event, cancelled);
      return { ok: true, status: "cancelled" };
    }
    if (status === "draft") return { ok: true, status };
    if (status === "cancelled") return { ok: false, message: "A cancelled event stays cancelled." };
    if (await tx.rsvp.count({ where: { eventId } }))
      return {
        ok: false,
        message: "People have already replied to this event: it cannot go back to draft. Cancel it instead.",
      };
    const drafted = await tx.event.update({
      where: { id: eventId },
      data: { status: "draft", publishedAt: null, updatedAt: now },
    });
    await recordEventChange(tx, user, "event.draft", `Took event ${event.title} back to draft`, event, drafted);
    return { ok: true, status: "draft" };
  });
}

/** An event's fields as the edit form shows them, with who runs it and its status; null for no such event. */
export async function getEventForOrganiser(eventId: string) {
  if (!isEventId(eventId)) return null;
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    include: {
      organisation: { select: { name: true, slug: true } },
      campaign: { select: { name: true, slug: true } },
    },
  });
  if (!event) return null;
  const form: EventFormValues = {
    title: event.title,
    description: event.description,
    startsAt: instantToLondonLocal(event.startsAt),
    endsAt: instantToLondonLocal(event.endsAt),
    mode: event.mode,
    venueName: event.venueName ?? "",
    address: event.address ?? "",
    postcode: event.postcode ?? "",
    onlineUrl: event.onlineUrl ?? "",
    capacity: event.capacity === null ? "" : String(event.capacity),
    campaignId: event.campaignId ?? "",
    stepFree: event.stepFree ? "on" : "",
    hearingLoop: event.hearingLoop ? "on" : "",
    quietSpace: event.quietSpace ? "on" : "",
    accessibilityNotes: event.accessibilityNotes ?? "",
    contactName: event.contactName,
    contactEmail: event.contactEmail,
  };
  return {
    id: event.id,
    title: event.title,
    status: event.status as EventStatus,
    moderation: event.moderation as ModerationState,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    place: describePlace(event),
    capacity: event.capacity,
    campaignId: event.campaignId,
    campaign: event.campaign,
    organiser: event.organisation?.name ?? "The Salford Social Value Alliance",
    organisation: event.organisation,
    publishedAt: event.publishedAt?.toISOString() ?? null,
    cancelledAt: event.cancelledAt?.toISOString() ?? null,
    isExample: event.isExample,
    form,
  };
}

/** The events an organisation runs (any status), soonest first: its manage page links to each. */
export function listOrganisationEvents(organisationId: string) {
  return prisma.event.findMany({
    where: { organisationId },
    select: { id: true, title: true, status: true, startsAt: true, endsAt: true },
    orderBy: { startsAt: "desc" },
    take: 50,
  });
}

/** Every event, drafts too, the newest start first: the admin's list. */
export function listEventsForAdmin() {
  return prisma.event.findMany({
    select: {
      id: true,
      title: true,
      status: true,
      startsAt: true,
      endsAt: true,
      organisation: { select: { name: true } },
    },
    orderBy: { startsAt: "desc" },
    take: 100,
  });
}
