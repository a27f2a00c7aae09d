import { TZDate } from "@date-fns/tz";
import { prisma } from "~/utils/db.server";
import { EVENT_TIME_ZONE } from "./event";
import { isEventId } from "./permissions.server";

/*
 * Events as the pledge form, the stall's kiosk and the printed pledge cards
 * see them: only a published event takes pledges in its name.
 */

export type PledgeEvent = {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** the slug of the campaign it is part of, if any (whether that campaign still runs is the campaign's to say) */
  campaignSlug: string | null;
};

/** A published event the public can see, for a pledge made at it or a card printed for it; null for a draft, a cancelled one, one held or hidden by the moderators, none or junk. */
export async function findEventForPledge(id: string | null | undefined): Promise<PledgeEvent | null> {
  if (!isEventId(id ?? undefined)) return null;
  const event = await prisma.event.findFirst({
    where: { id: id!, status: "published", moderation: "visible" },
    select: { id: true, title: true, startsAt: true, endsAt: true, campaign: { select: { slug: true } } },
  });
  if (!event) return null;
  return {
    id: event.id,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    campaignSlug: event.campaign?.slug ?? null,
  };
}

/** How long before an event starts its kiosk opens: the stall is set up before the doors open. */
export const KIOSK_OPENS_BEFORE_MS = 2 * 60 * 60 * 1000;

/**
 * The longest a kiosk stays open, whatever the event's end says: its exemption
 * from the per-IP limit is tied to a limited time, and an event typed to run
 * for years must not give one for years.
 */
export const KIOSK_OPEN_AT_MOST_MS = 26 * 60 * 60 * 1000;

/**
 * When an event's kiosk takes pledges: from two hours before it starts to the
 * end of the day it ends on, in Salford's time (midnight, whichever side of a
 * clock change; an event ending at midnight ends on the day before it), and
 * never more than KIOSK_OPEN_AT_MOST_MS in all.
 */
export function kioskWindow(event: { startsAt: Date; endsAt: Date }) {
  const end = new TZDate(event.endsAt.getTime() - 1, EVENT_TIME_ZONE);
  const nextMidnight = new TZDate(end.getFullYear(), end.getMonth(), end.getDate() + 1, 0, 0, EVENT_TIME_ZONE);
  const opensAt = new Date(event.startsAt.getTime() - KIOSK_OPENS_BEFORE_MS);
  return {
    opensAt,
    closesAt: new Date(Math.min(nextMidnight.getTime(), opensAt.getTime() + KIOSK_OPEN_AT_MOST_MS)),
  };
}

export type KioskState =
  | { status: "open"; opensAt: Date; closesAt: Date }
  | { status: "not-yet" | "over"; opensAt: Date; closesAt: Date }
  | { status: "not-published" | "cancelled" };

/** Whether an event's kiosk takes pledges at `now`, and if not, why. */
export function kioskState(event: { status: string; startsAt: Date; endsAt: Date }, now = new Date()): KioskState {
  if (event.status === "cancelled") return { status: "cancelled" };
  if (event.status !== "published") return { status: "not-published" };
  const { opensAt, closesAt } = kioskWindow(event);
  if (now < opensAt) return { status: "not-yet", opensAt, closesAt };
  if (now >= closesAt) return { status: "over", opensAt, closesAt };
  return { status: "open", opensAt, closesAt };
}
