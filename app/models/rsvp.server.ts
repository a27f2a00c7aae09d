import { randomUUID } from "node:crypto";
import type { Event as EventRow, Prisma, Rsvp as RsvpRow } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { appUrl, getEnv } from "~/utils/env.server";
import { createToken, hashToken } from "~/utils/token.server";
import { campaignPhase } from "./campaign";
import { queueEmail } from "./email-queue.server";
import { TAKES_A_PLACE, eventPath, type EventEmailEvent, type EventEmailProps, type RsvpStatus } from "./event";
import { isEventId } from "./permissions.server";
import { firstName } from "./pledge";
import { rsvpConfirmPath, rsvpLinkOpen, rsvpToken, rsvpUrl, readRsvpToken, type RsvpAction } from "./rsvp-links.server";
import type { RsvpSubmission } from "./rsvp-form";
import { salfordDay } from "./tally.server";

/*
 * RSVPs: asking for a place, confirming it from the emailed link, the
 * waitlist and the offers of freed places, the links in the emails, and the
 * reminders and follow-ups (docs/events.md).
 *
 * Every change to who has a place happens under the event's row lock
 * (SELECT … FOR UPDATE on event), taken first, before any RSVP row: with one
 * order of locks there is no deadlock, and going + offered is counted by the
 * one transaction that may change it, so no event is ever overbooked, in one
 * web process or many.
 */

export const RSVP_CONFIRM_DAYS = 7;
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** A follow-up is not sent for an event that ended longer ago than this (a worker that was down a month stays quiet). */
export const FOLLOW_UP_WITHIN_DAYS = 7;
// Our confirmation tokens are 43 characters; a longer one is not ours and is not hashed.
const MAX_TOKEN_LENGTH = 200;

type Tx = Prisma.TransactionClient;

/** What every event email says of its event. */
export function eventEmailEvent(event: EventRow): EventEmailEvent {
  const place =
    event.mode === "online"
      ? "Online"
      : [event.venueName, event.address, event.postcode].filter((part): part is string => Boolean(part)).join(", ");
  return {
    id: event.id,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    place,
    url: appUrl(eventPath(event.id)),
  };
}

// The addresses the example events' attendees are seeded with (app/models/example-data.server.ts).
const EXAMPLE_ATTENDEE = /^example-rsvp-\d+@example\.org$/;

/**
 * The example events' seeded attendees are never emailed, as example pledges
 * are not: an organiser trying the demo's edit or cancel must not send mail to
 * made-up people. Anyone real who replies to an example event is emailed.
 */
function isExampleAttendee(event: EventRow, rsvp: { email: string }) {
  return event.isExample && EXAMPLE_ATTENDEE.test(rsvp.email);
}

/** Queues one of the event emails in the caller's transaction. */
function queueEventEmail<T extends keyof EventEmailProps>(tx: Tx, template: T, to: string, props: EventEmailProps[T]) {
  return queueEmail(tx, { template, to, props });
}

/** Locks the event's row for the rest of the transaction: the one lock every change to its places takes first. */
async function lockEvent(tx: Tx, eventId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM event WHERE id = ${eventId}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.event.findUniqueOrThrow({ where: { id: eventId } });
}

/** Whether the event takes RSVPs at `now`, and if not why (a draft, or one the moderators hold or hid, is not public: "not-found"). */
function rsvpClosedReason(event: EventRow | null, now: Date) {
  if (!event || event.status === "draft" || event.moderation !== "visible") return "not-found" as const;
  if (event.status === "cancelled") return "cancelled" as const;
  if (event.status !== "published") return "not-found" as const;
  if (event.startsAt <= now) return "started" as const;
  return null;
}

export type RsvpClosedReason = NonNullable<ReturnType<typeof rsvpClosedReason>>;

/** How many of the event's places are taken now (going, or offered and held): never more than its capacity. */
export async function placesTaken(tx: Tx, eventId: string) {
  return tx.rsvp.count({ where: { eventId, status: { in: TAKES_A_PLACE } } });
}

/** Where this waiting RSVP stands on the waitlist: 1 is next. */
async function waitlistPosition(tx: Tx, eventId: string, queueSeq: bigint) {
  return tx.rsvp.count({ where: { eventId, status: "waiting", queueSeq: { lte: queueSeq } } });
}

function offerExpiry(event: EventRow, now: Date) {
  const expires = new Date(now.getTime() + getEnv().RSVP_OFFER_HOURS * HOUR_MS);
  // An offer never runs past the start: a place held then is a place nobody can take.
  return expires < event.startsAt ? expires : event.startsAt;
}

/** The email that tells someone where they stand: going, waiting or offered. */
async function queueStandingEmail(tx: Tx, rsvp: RsvpRow, event: EventRow, now: Date) {
  if (isExampleAttendee(event, rsvp)) return null;
  const common = { name: firstName(rsvp.name), event: eventEmailEvent(event) };
  const cancelUrl = rsvpUrl(rsvp.id, "cancel", now);
  if (rsvp.status === "going")
    return queueEventEmail(tx, "rsvp-going", rsvp.email, {
      ...common,
      cancelUrl,
      onlineUrl: event.mode === "online" ? event.onlineUrl : null,
    });
  if (rsvp.status === "waiting")
    return queueEventEmail(tx, "rsvp-waiting", rsvp.email, {
      ...common,
      cancelUrl,
      position: await waitlistPosition(tx, event.id, rsvp.queueSeq!),
    });
  if (rsvp.status === "offered")
    return queueEventEmail(tx, "rsvp-offer", rsvp.email, {
      ...common,
      acceptUrl: rsvpUrl(rsvp.id, "accept", now),
      declineUrl: rsvpUrl(rsvp.id, "decline", now),
      expiresAt: rsvp.offerExpiresAt!.toISOString(),
    });
  return null;
}

function newConfirmation(rsvp: { id: string; name: string }, event: EventRow, now: Date) {
  const { token, hash } = createToken();
  const props: EventEmailProps["rsvp-confirm"] = {
    name: firstName(rsvp.name),
    event: eventEmailEvent(event),
    confirmUrl: appUrl(rsvpConfirmPath(token)),
  };
  return { hash, expiresAt: new Date(now.getTime() + RSVP_CONFIRM_DAYS * DAY_MS), props };
}

export type CreateRsvpResult = { status: "sent" } | { status: RsvpClosedReason };

/**
 * Asks for a place: a pending RSVP and the email whose link confirms it. The
 * answer is the same whether or not this address had already replied, so the
 * form cannot be used to learn who is coming: a pending RSVP gets a fresh
 * link, a confirmed one an email saying where it stands, a cancelled one
 * starts again.
 */
export async function createRsvp(eventId: string, input: RsvpSubmission, now = new Date()): Promise<CreateRsvpResult> {
  if (!isEventId(eventId)) return { status: "not-found" };
  return prisma.$transaction(async (tx) => {
    // Under the lock: a confirmation or an organiser's cancellation in between changes what this may do.
    const event = await lockEvent(tx, eventId);
    const closed = rsvpClosedReason(event, now);
    if (closed || !event) return { status: closed ?? "not-found" };
    const emailNormalised = normaliseEmail(input.email);
    const existing = await tx.rsvp.findUnique({ where: { eventId_emailNormalised: { eventId, emailNormalised } } });
    if (existing && existing.status !== "pending" && existing.status !== "cancelled") {
      await queueStandingEmail(tx, existing, event, now);
      return { status: "sent" };
    }
    const id = existing?.id ?? randomUUID();
    const confirmation = newConfirmation({ id, name: input.name }, event, now);
    const fields = {
      name: input.name,
      email: input.email,
      status: "pending",
      confirmTokenHash: confirmation.hash,
      confirmTokenExpiresAt: confirmation.expiresAt,
      updatedAt: now,
    };
    if (existing)
      await tx.rsvp.update({
        where: { id },
        // Coming back after cancelling: a new place in the queue when confirmed, as anyone new.
        data: {
          ...fields,
          confirmedAt: null,
          queueSeq: null,
          offeredAt: null,
          offerExpiresAt: null,
          stillComingAt: null,
          cancelledAt: null,
          reminderSentAt: null,
        },
      });
    else await tx.rsvp.create({ data: { id, eventId, emailNormalised, ...fields, createdAt: now } });
    await queueEventEmail(tx, "rsvp-confirm", input.email, confirmation.props);
    return { status: "sent" };
  });
}

/** The event as the RSVP pages name it, and why it takes no RSVPs now (null while it does); null for no public event. */
export async function getEventForRsvp(eventId: string, now = new Date()) {
  if (!isEventId(eventId)) return null;
  const event = await prisma.event.findUnique({ where: { id: eventId } });
  const closed = rsvpClosedReason(event, now);
  if (!event || closed === "not-found") return null;
  return { ...eventEmailEvent(event), closed };
}

export type RsvpConfirmationState =
  | { status: "pending"; name: string; event: EventEmailEvent }
  | { status: "closed"; reason: RsvpClosedReason; title: string }
  | { status: "expired"; eventId: string }
  | { status: "invalid" };

async function findPendingByToken(token: string) {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  return prisma.rsvp.findUnique({ where: { confirmTokenHash: hashToken(token) }, include: { event: true } });
}

/** What the emailed confirmation link shows, without changing anything (GET is safe). */
export async function getRsvpByConfirmToken(token: string, now = new Date()): Promise<RsvpConfirmationState> {
  const rsvp = await findPendingByToken(token);
  if (!rsvp || rsvp.status !== "pending") return { status: "invalid" };
  const closed = rsvpClosedReason(rsvp.event, now);
  if (closed === "not-found") return { status: "invalid" };
  if (closed) return { status: "closed", reason: closed, title: rsvp.event.title };
  if (rsvp.confirmTokenExpiresAt && rsvp.confirmTokenExpiresAt < now)
    return { status: "expired", eventId: rsvp.eventId };
  return { status: "pending", name: rsvp.name, event: eventEmailEvent(rsvp.event) };
}

export type ConfirmRsvpResult =
  | { status: "going" | "waiting"; rsvpId: string; manageToken: string }
  | { status: "closed"; reason: RsvpClosedReason }
  | { status: "expired" }
  | { status: "invalid" };

/**
 * Confirms the RSVP the token belongs to, in one transaction under the event's
 * lock: it takes the next number in the queue and a place if one is left (or
 * there is no limit), else a place on the waitlist in that order. The token is
 * spent, so a second press confirms nothing more.
 */
export async function confirmRsvp(token: string, now = new Date()): Promise<ConfirmRsvpResult> {
  const found = await findPendingByToken(token);
  if (!found || found.status !== "pending") return { status: "invalid" };
  return prisma.$transaction(async (tx) => {
    const event = await lockEvent(tx, found.eventId);
    const [rsvp] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM rsvp
      WHERE id = ${found.id}::uuid AND status = 'pending' AND confirm_token_hash = ${found.confirmTokenHash}
      FOR UPDATE`;
    if (!rsvp || !event) return { status: "invalid" as const };
    const closed = rsvpClosedReason(event, now);
    if (closed === "not-found") return { status: "invalid" as const };
    if (closed) return { status: "closed" as const, reason: closed };
    if (found.confirmTokenExpiresAt && found.confirmTokenExpiresAt < now) return { status: "expired" as const };
    const [{ seq }] = (await tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval('rsvp_queue_seq') AS seq`) as [
      { seq: bigint },
    ];
    const taken = await placesTaken(tx, event.id);
    const status: RsvpStatus = event.capacity === null || taken < event.capacity ? "going" : "waiting";
    // confirmed_at from the database's clock, read under the lock: the order of confirmations is the queue's.
    await tx.$executeRaw`
      UPDATE rsvp SET status = ${status}, queue_seq = ${seq}, confirmed_at = clock_timestamp(),
        confirm_token_hash = NULL, confirm_token_expires_at = NULL, updated_at = ${now}
      WHERE id = ${found.id}::uuid`;
    const confirmed = await tx.rsvp.findUniqueOrThrow({ where: { id: found.id } });
    await queueStandingEmail(tx, confirmed, event, now);
    return {
      status,
      rsvpId: found.id,
      manageToken: rsvpToken(found.id, "view", now),
    } as ConfirmRsvpResult;
  });
}

/**
 * Offers the places that are free to the first on the waitlist, in the order
 * they confirmed: each becomes "offered" until now + RSVP_OFFER_HOURS and is
 * emailed. An event with no limit (its capacity removed) has a place for
 * everyone: all those waiting or offered one become "going" at once, each with
 * "rsvp-going", and nobody is left holding an offer that could run out. Runs
 * in the caller's transaction under the event's lock (taken here if the caller
 * has not: taking it twice is no change), so every place is offered once and
 * to one person. An organiser raising or removing the capacity calls it in the
 * same transaction as the change. Returns the RSVPs offered or given a place.
 */
export async function offerFreedPlaces(tx: Tx, eventId: string, now = new Date()) {
  const event = await lockEvent(tx, eventId);
  // A cancelled event, or one that has started, offers nothing more.
  if (!event || rsvpClosedReason(event, now)) return [];
  if (event.capacity === null) return admitEveryone(tx, event, now);
  const free = event.capacity - (await placesTaken(tx, eventId));
  if (free <= 0) return [];
  const next = await tx.rsvp.findMany({
    where: { eventId, status: "waiting" },
    orderBy: { queueSeq: "asc" },
    take: free,
  });
  const expiresAt = offerExpiry(event, now);
  const offered: RsvpRow[] = [];
  for (const rsvp of next) {
    const updated = await tx.rsvp.update({
      where: { id: rsvp.id },
      data: { status: "offered", offeredAt: now, offerExpiresAt: expiresAt, updatedAt: now },
    });
    await queueStandingEmail(tx, updated, event, now);
    offered.push(updated);
  }
  return offered;
}

/** No limit: everyone waiting or offered a place is going, in the queue's order, each told once. */
async function admitEveryone(tx: Tx, event: EventRow, now: Date) {
  const next = await tx.rsvp.findMany({
    where: { eventId: event.id, status: { in: ["waiting", "offered"] } },
    orderBy: { queueSeq: "asc" },
  });
  const admitted: RsvpRow[] = [];
  for (const rsvp of next) {
    const updated = await tx.rsvp.update({
      where: { id: rsvp.id },
      data: { status: "going", offerExpiresAt: null, updatedAt: now },
    });
    await queueStandingEmail(tx, updated, event, now);
    admitted.push(updated);
  }
  return admitted;
}

/**
 * The event's start has moved (its row already updated, under its lock, in
 * the caller's transaction). An offer never runs past the new start: once the
 * event has begun nobody can take the place. The reminder and "Still coming"
 * were for the old date, so those going are reminded again before the new one
 * (the example events' seeded attendees stay marked: they are never emailed).
 */
export async function eventStartMoved(tx: Tx, event: EventRow, now = new Date()) {
  await tx.$executeRaw`
    UPDATE rsvp SET offer_expires_at = LEAST(offer_expires_at, ${event.startsAt}), updated_at = ${now}
    WHERE event_id = ${event.id}::uuid AND status = 'offered'`;
  const reminded = await tx.rsvp.findMany({
    where: { eventId: event.id, OR: [{ reminderSentAt: { not: null } }, { stillComingAt: { not: null } }] },
    select: { id: true, email: true },
  });
  const ids = reminded.filter((rsvp) => !isExampleAttendee(event, rsvp)).map((rsvp) => rsvp.id);
  if (ids.length)
    await tx.rsvp.updateMany({
      where: { id: { in: ids } },
      data: { reminderSentAt: null, stillComingAt: null, updatedAt: now },
    });
}

/**
 * Offers that were neither accepted nor declined in time pass to the next on
 * the waitlist: the worker runs this every minute. Each event in its own
 * transaction under its lock, so two workers never pass one place twice.
 */
export async function expireOffers(now = new Date()) {
  const events = await prisma.rsvp.findMany({
    where: { status: "offered", offerExpiresAt: { lte: now } },
    distinct: ["eventId"],
    select: { eventId: true },
    take: 500,
  });
  let expired = 0;
  for (const { eventId } of events)
    expired += await prisma.$transaction(async (tx) => {
      await lockEvent(tx, eventId);
      const { count } = await tx.rsvp.updateMany({
        where: { eventId, status: "offered", offerExpiresAt: { lte: now } },
        data: { status: "cancelled", cancelledAt: now, updatedAt: now },
      });
      if (count) await offerFreedPlaces(tx, eventId, now);
      return count;
    });
  return expired;
}

/** What a manage link's page shows: the person's RSVP and what its button would do now. */
export type RsvpManageView = {
  action: RsvpAction;
  /** whether the button applies to the RSVP as it is now */
  canAct: boolean;
  name: string;
  status: RsvpStatus;
  position: number | null;
  offerExpiresAt: string | null;
  stillComing: boolean;
  /** started: the buttons no longer act (the page says so); over: it has ended */
  event: EventEmailEvent & { cancelled: boolean; started: boolean; over: boolean };
  /** only to someone going, to an online event not cancelled: the one place besides emails it is shown */
  onlineUrl: string | null;
};

function actionApplies(action: RsvpAction, rsvp: RsvpRow, event: EventRow, now: Date) {
  // Once the event has started nothing changes: a place given up then is one nobody could take, an offer accepted
  // then is a place at an event under way (its start may have been moved earlier since the offer was made).
  if (action === "view" || event.status !== "published" || event.startsAt <= now) return false;
  switch (action) {
    case "cancel":
      return rsvp.status === "going" || rsvp.status === "offered" || rsvp.status === "waiting";
    case "accept":
      return rsvp.status === "offered" && rsvp.offerExpiresAt !== null && rsvp.offerExpiresAt > now;
    case "decline":
      return rsvp.status === "offered";
    case "still-coming":
    case "cant-come":
      return rsvp.status === "going";
  }
}

/** The page a manage link opens (GET: reads only). Null for a token that is not one of ours, or an RSVP gone. */
export async function getRsvpForManage(token: string, now = new Date()): Promise<RsvpManageView | null> {
  const link = readRsvpToken(token);
  if (!link) return null;
  const rsvp = await prisma.rsvp.findUnique({ where: { id: link.rsvpId }, include: { event: true } });
  if (!rsvp || rsvp.status === "pending" || !rsvpLinkOpen(rsvp.event.endsAt, now)) return null;
  const { event } = rsvp;
  const going = rsvp.status === "going" && event.status === "published";
  return {
    action: link.action,
    canAct: actionApplies(link.action, rsvp, event, now),
    name: rsvp.name,
    status: rsvp.status as RsvpStatus,
    position:
      rsvp.status === "waiting" && rsvp.queueSeq !== null
        ? await waitlistPosition(prisma, event.id, rsvp.queueSeq)
        : null,
    offerExpiresAt: rsvp.status === "offered" ? (rsvp.offerExpiresAt?.toISOString() ?? null) : null,
    stillComing: rsvp.stillComingAt !== null,
    event: {
      ...eventEmailEvent(event),
      cancelled: event.status === "cancelled",
      started: event.startsAt <= now,
      over: event.endsAt <= now,
    },
    onlineUrl: going && event.mode === "online" ? event.onlineUrl : null,
  };
}

export type RsvpActionResult = { status: "done" | "unchanged"; action: RsvpAction } | { status: "invalid" };

/**
 * What a manage link's button does (POST), under the event's lock: cancel
 * (going, offered or waiting), accept or decline an offer, "Still coming" or
 * "Can't come now". A place given up is offered to the next on the waitlist in
 * the same transaction. Pressing twice, or once the event has started, changes
 * nothing ("unchanged").
 */
export async function actOnRsvp(token: string, now = new Date()): Promise<RsvpActionResult> {
  const link = readRsvpToken(token);
  if (!link) return { status: "invalid" };
  const found = await prisma.rsvp.findUnique({ where: { id: link.rsvpId }, select: { eventId: true } });
  if (!found) return { status: "invalid" };
  return prisma.$transaction(async (tx) => {
    const event = await lockEvent(tx, found.eventId);
    await tx.$queryRaw`SELECT id FROM rsvp WHERE id = ${link.rsvpId}::uuid FOR UPDATE`;
    const rsvp = await tx.rsvp.findUnique({ where: { id: link.rsvpId } });
    if (!rsvp || !event || rsvp.status === "pending" || !rsvpLinkOpen(event.endsAt, now))
      return { status: "invalid" as const };
    if (!actionApplies(link.action, rsvp, event, now)) return { status: "unchanged" as const, action: link.action };
    const where = { id: rsvp.id };
    switch (link.action) {
      case "accept": {
        const going = await tx.rsvp.update({
          where,
          data: { status: "going", offerExpiresAt: null, updatedAt: now },
        });
        await queueStandingEmail(tx, going, event, now);
        break;
      }
      case "still-coming":
        await tx.rsvp.update({ where, data: { stillComingAt: now, updatedAt: now } });
        break;
      default: {
        const heldPlace = rsvp.status === "going" || rsvp.status === "offered";
        await tx.rsvp.update({
          where,
          data: { status: "cancelled", cancelledAt: now, offerExpiresAt: null, updatedAt: now },
        });
        if (heldPlace) await offerFreedPlaces(tx, event.id, now);
      }
    }
    return { status: "done" as const, action: link.action };
  });
}

export type EventChange = { kind: "changed"; changes: string[] } | { kind: "cancelled" };

/**
 * Tells everyone going, offered or waiting that the event changed (its time
 * or place) or was cancelled: one email each, in the caller's transaction (the
 * one that changes the event), so they are sent if and only if the change
 * commits. A cancelled event closes its RSVPs, pending ones too (their links
 * confirm nothing more). Returns how many were emailed.
 */
export async function queueEventChangeEmails(tx: Tx, event: { id: string }, change: EventChange, now = new Date()) {
  const current = await lockEvent(tx, event.id);
  if (!current) return 0;
  const told = await tx.rsvp.findMany({
    where: { eventId: current.id, status: { in: ["going", "offered", "waiting"] } },
    orderBy: { queueSeq: "asc" },
  });
  const eventProps = eventEmailEvent(current);
  let emailed = 0;
  for (const rsvp of told) {
    if (isExampleAttendee(current, rsvp)) continue;
    emailed += 1;
    const name = firstName(rsvp.name);
    if (change.kind === "cancelled")
      await queueEventEmail(tx, "event-cancelled", rsvp.email, { name, event: eventProps });
    else {
      const status = rsvp.status as EventEmailProps["event-changed"]["status"];
      const offered = status === "offered";
      await queueEventEmail(tx, "event-changed", rsvp.email, {
        name,
        event: eventProps,
        changes: change.changes,
        status,
        cancelUrl: rsvpUrl(rsvp.id, "cancel", now),
        // A new link, or an event moved online, reaches those going only here: the reminder may be sent already.
        onlineUrl: status === "going" && current.mode === "online" ? current.onlineUrl : null,
        acceptUrl: offered ? rsvpUrl(rsvp.id, "accept", now) : null,
        expiresAt: offered ? rsvp.offerExpiresAt!.toISOString() : null,
      });
    }
  }
  if (change.kind === "cancelled")
    await tx.rsvp.updateMany({
      where: { eventId: current.id, status: { in: ["pending", "going", "offered", "waiting"] } },
      data: {
        status: "cancelled",
        cancelledAt: now,
        confirmTokenHash: null,
        confirmTokenExpiresAt: null,
        offerExpiresAt: null,
        updatedAt: now,
      },
    });
  return emailed;
}

type DueRow = { id: string; name: string; email: string; event_id: string };

/**
 * The "Still coming?" reminder, once, to everyone going to an event that
 * starts within EVENT_REMINDER_HOURS. The RSVPs are marked and their emails
 * queued in one transaction; the marking is one UPDATE … RETURNING, so a
 * second worker running at the same moment waits on the rows, then finds them
 * marked and sends nothing.
 */
export async function queueDueReminders(now = new Date()) {
  const until = new Date(now.getTime() + getEnv().EVENT_REMINDER_HOURS * HOUR_MS);
  return prisma.$transaction(async (tx) => {
    const due = await tx.$queryRaw<DueRow[]>`
      UPDATE rsvp AS r SET reminder_sent_at = ${now}, updated_at = ${now}
      FROM event AS e
      WHERE r.event_id = e.id AND r.status = 'going' AND r.reminder_sent_at IS NULL
        AND e.status = 'published' AND e.moderation = 'visible' AND e.starts_at > ${now} AND e.starts_at <= ${until}
        AND r.id IN (
          SELECT r2.id FROM rsvp AS r2 JOIN event AS e2 ON e2.id = r2.event_id
          WHERE r2.status = 'going' AND r2.reminder_sent_at IS NULL
            AND e2.status = 'published' AND e2.moderation = 'visible' AND e2.starts_at > ${now} AND e2.starts_at <= ${until}
          LIMIT 1000)
      RETURNING r.id, r.name, r.email, r.event_id`;
    const events = await eventsById(tx, due);
    for (const rsvp of due) {
      const event = events.get(rsvp.event_id)!;
      await queueEventEmail(tx, "event-reminder", rsvp.email, {
        name: firstName(rsvp.name),
        event: eventEmailEvent(event),
        stillComingUrl: rsvpUrl(rsvp.id, "still-coming", now),
        cantComeUrl: rsvpUrl(rsvp.id, "cant-come", now),
        onlineUrl: event.mode === "online" ? event.onlineUrl : null,
      });
    }
    return due.length;
  });
}

async function eventsById(tx: Tx, rows: { event_id: string }[]) {
  const ids = [...new Set(rows.map((r) => r.event_id))];
  const events = await tx.event.findMany({ where: { id: { in: ids } }, include: { campaign: true } });
  return new Map(events.map((e) => [e.id, e]));
}

/**
 * After an event, one follow-up to each person who was going (or was marked
 * attended): thanks, and a link to pledge, pre-set to the event's campaign
 * while it runs; `hasPledge` when this address already has a confirmed pledge
 * (the email then offers a check-in instead). Marked and queued as the
 * reminders are, so two workers send each once. Events that ended more than
 * FOLLOW_UP_WITHIN_DAYS ago are left alone.
 */
export async function queueDueFollowUps(now = new Date()) {
  const since = new Date(now.getTime() - FOLLOW_UP_WITHIN_DAYS * DAY_MS);
  return prisma.$transaction(async (tx) => {
    const due = await tx.$queryRaw<(DueRow & { has_pledge: boolean })[]>`
      UPDATE rsvp AS r SET follow_up_sent_at = ${now}, updated_at = ${now}
      FROM event AS e
      WHERE r.event_id = e.id AND r.follow_up_sent_at IS NULL
        AND (r.status = 'going' OR r.attended_at IS NOT NULL)
        AND e.status = 'published' AND e.moderation = 'visible' AND e.ends_at < ${now} AND e.ends_at >= ${since}
        AND r.id IN (
          SELECT r2.id FROM rsvp AS r2 JOIN event AS e2 ON e2.id = r2.event_id
          WHERE r2.follow_up_sent_at IS NULL AND (r2.status = 'going' OR r2.attended_at IS NOT NULL)
            AND e2.status = 'published' AND e2.moderation = 'visible' AND e2.ends_at < ${now} AND e2.ends_at >= ${since}
          LIMIT 1000)
      RETURNING r.id, r.name, r.email, r.event_id,
        EXISTS (SELECT 1 FROM pledge AS p WHERE p.email_normalised = r.email_normalised
          AND p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL) AS has_pledge`;
    const events = await eventsById(tx, due);
    const today = salfordDay(now);
    for (const rsvp of due) {
      const event = events.get(rsvp.event_id)!;
      const running = event.campaign && campaignPhase(event.campaign, today) === "running";
      await queueEventEmail(tx, "event-follow-up", rsvp.email, {
        name: firstName(rsvp.name),
        event: eventEmailEvent(event),
        pledgeUrl: appUrl(running ? `/pledge?campaign=${encodeURIComponent(event.campaign!.slug)}` : "/pledge"),
        hasPledge: rsvp.has_pledge,
      });
    }
    return due.length;
  });
}

/** Deletes RSVPs never confirmed within the days their link was valid (nobody else ever sees them). */
export async function purgeUnconfirmedRsvps(now = new Date()) {
  const cutoff = new Date(now.getTime() - RSVP_CONFIRM_DAYS * DAY_MS);
  const { count } = await prisma.rsvp.deleteMany({ where: { status: "pending", updatedAt: { lt: cutoff } } });
  return count;
}
