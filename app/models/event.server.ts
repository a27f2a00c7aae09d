import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { ACCESSIBILITY_FEATURES, TAKES_A_PLACE, placesLeft, type EventMode } from "./event";
import { VISIBLE, type ModerationState } from "./moderation";
import { isPublicOrganisation } from "./organisation";
import { isEventId } from "./permissions.server";

/*
 * Events as the public sees them: published ones, and cancelled ones marked as
 * such (someone who planned to go must be able to find out). A draft is its
 * organisers' alone and is never read here. Places are counted from the RSVP
 * rows: "going" and "offered" (a freed place held for someone) both take one;
 * the count shown as going is those going. An event whose title or description
 * the filter held, or a moderator hid, is not public either (its organisers
 * still run it); an organisation the public cannot see is not named as the
 * one running an event.
 */

const PUBLIC_STATUSES = ["published", "cancelled"];

/** What the public sees of events: published or cancelled, and not held or hidden by the moderators. */
const PUBLIC = { status: { in: PUBLIC_STATUSES }, moderation: VISIBLE } satisfies Prisma.EventWhereInput;

const include = {
  ward: { select: { code: true, name: true, slug: true } },
  campaign: { select: { slug: true, name: true, status: true, isExample: true } },
  organisation: { select: { slug: true, name: true, status: true, moderation: true, isExample: true } },
} satisfies Prisma.EventInclude;

type EventRow = Prisma.EventGetPayload<{ include: typeof include }>;

export type AccessibilityKey = (typeof ACCESSIBILITY_FEATURES)[number]["key"];

/** An event as a list shows it. Times are ISO instants (the pages show them in Salford's time). */
export type EventCard = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: "published" | "cancelled";
  mode: EventMode;
  venueName: string | null;
  address: string | null;
  postcode: string | null;
  ward: { code: string; name: string; slug: string } | null;
  lat: number | null;
  lon: number | null;
  capacity: number | null;
  going: number;
  /** null: no limit */
  placesLeft: number | null;
  /** people marked as attended (shown once the event has ended) */
  attended: number;
  /** it has started: replies are closed (it is still listed until it ends) */
  started: boolean;
  ended: boolean;
  /** the organisation running it, while the public sees it; null for the Alliance's own events */
  organisation: { slug: string; name: string; isExample: boolean } | null;
  /** who runs it, in words: the organisation, or the Alliance */
  organiser: string;
  /** its campaign, while that campaign is public */
  campaign: { slug: string; name: string; isExample: boolean } | null;
  accessibility: AccessibilityKey[];
  isExample: boolean;
};

export const ALLIANCE = "Salford Social Value Alliance";

type Counts = { going: number; taken: number; attended: number };

/** Going, places taken (going + offered) and attended for each event, from its RSVPs. */
async function countRsvps(eventIds: string[]) {
  const counts = new Map<string, Counts>(eventIds.map((id) => [id, { going: 0, taken: 0, attended: 0 }]));
  if (!eventIds.length) return counts;
  const [byStatus, attended] = await Promise.all([
    prisma.rsvp.groupBy({
      by: ["eventId", "status"],
      where: { eventId: { in: eventIds }, status: { in: TAKES_A_PLACE } },
      _count: { _all: true },
    }),
    prisma.rsvp.groupBy({
      by: ["eventId"],
      where: { eventId: { in: eventIds }, attendedAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  for (const row of byStatus) {
    const c = counts.get(row.eventId)!;
    c.taken += row._count._all;
    if (row.status === "going") c.going += row._count._all;
  }
  for (const row of attended) counts.get(row.eventId)!.attended = row._count._all;
  return counts;
}

function toCard(event: EventRow, counts: Counts, now: Date): EventCard {
  const organisation = event.organisation && isPublicOrganisation(event.organisation) ? event.organisation : null;
  const campaign = event.campaign && ["published", "archived"].includes(event.campaign.status) ? event.campaign : null;
  return {
    id: event.id,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    status: event.status as EventCard["status"],
    mode: event.mode as EventMode,
    venueName: event.venueName,
    address: event.address,
    postcode: event.postcode,
    ward: event.ward,
    lat: event.lat,
    lon: event.lon,
    capacity: event.capacity,
    going: counts.going,
    placesLeft: placesLeft(event.capacity, counts.taken),
    attended: counts.attended,
    started: event.startsAt <= now,
    ended: event.endsAt <= now,
    organisation: organisation && {
      slug: organisation.slug,
      name: organisation.name,
      isExample: organisation.isExample,
    },
    organiser: organisation?.name ?? (event.organisation ? event.contactName : ALLIANCE),
    campaign: campaign && { slug: campaign.slug, name: campaign.name, isExample: campaign.isExample },
    accessibility: ACCESSIBILITY_FEATURES.filter((f) => event[f.key]).map((f) => f.key),
    isExample: event.isExample,
  };
}

async function toCards(events: EventRow[], now: Date) {
  const counts = await countRsvps(events.map((e) => e.id));
  return events.map((e) => toCard(e, counts.get(e.id)!, now));
}

export type EventFilter = {
  wardCode?: string;
  campaignId?: string;
  organisationId?: string;
  limit?: number;
};

function filterWhere(filter: EventFilter): Prisma.EventWhereInput {
  return {
    ...(filter.wardCode ? { wardCode: filter.wardCode } : {}),
    ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
    ...(filter.organisationId ? { organisationId: filter.organisationId } : {}),
  };
}

/**
 * Events not yet ended, soonest first: published ones and, unless told
 * otherwise, cancelled ones (shown as cancelled). The map and the API take
 * only those still happening.
 */
export async function listUpcomingEvents(
  filter: EventFilter & { includeCancelled?: boolean } = {},
  now = new Date(),
): Promise<EventCard[]> {
  const events = await prisma.event.findMany({
    where: {
      ...PUBLIC,
      ...(filter.includeCancelled === false ? { status: "published" } : {}),
      endsAt: { gt: now },
      ...filterWhere(filter),
    },
    include,
    orderBy: [{ startsAt: "asc" }, { title: "asc" }],
    take: filter.limit,
  });
  return toCards(events, now);
}

/** Published events that have ended, the most recent first, with how many attended. */
export async function listPastEvents(filter: EventFilter = {}, now = new Date()): Promise<EventCard[]> {
  const events = await prisma.event.findMany({
    where: { ...PUBLIC, status: "published", endsAt: { lte: now }, ...filterWhere(filter) },
    include,
    orderBy: [{ startsAt: "desc" }, { title: "asc" }],
    take: filter.limit ?? 20,
  });
  return toCards(events, now);
}

export type PublicEvent = EventCard & {
  /** always "visible" for the public; held or hidden only on an organiser's preview */
  moderation: ModerationState;
  description: string;
  accessibilityNotes: string | null;
  contactName: string;
  contactEmail: string;
  cancelledAt: string | null;
};

/**
 * A published or cancelled event by its id, with its counts, campaign and
 * organisation; null for a draft, one held or hidden by the moderators, no
 * such event, or an id no event could have. Never its joining link: that is
 * for confirmed attendees only. `moderated`: also one held or hidden, for its
 * organisers' view of the page (the caller checks who is asking).
 */
export async function findPublicEvent(
  id: string | undefined,
  now = new Date(),
  { moderated = false }: { moderated?: boolean } = {},
): Promise<PublicEvent | null> {
  if (!isEventId(id)) return null;
  const event = await prisma.event.findFirst({
    where: { id, ...(moderated ? { status: PUBLIC.status } : PUBLIC) },
    include,
  });
  if (!event) return null;
  const counts = (await countRsvps([event.id])).get(event.id)!;
  return {
    ...toCard(event, counts, now),
    moderation: event.moderation as ModerationState,
    description: event.description,
    accessibilityNotes: event.accessibilityNotes,
    contactName: event.contactName,
    contactEmail: event.contactEmail,
    cancelledAt: event.cancelledAt?.toISOString() ?? null,
  };
}

/** The public organisations running public events not yet ended (for /events' organisation filter), by name. */
export async function listEventOrganisations(now = new Date()) {
  return prisma.organisation.findMany({
    where: {
      status: "verified",
      moderation: VISIBLE,
      events: { some: { ...PUBLIC, endsAt: { gt: now } } },
    },
    select: { id: true, slug: true, name: true },
    orderBy: { name: "asc" },
  });
}

/** A public organisation's id and name by its slug, for a filter; null for anything else. */
export async function findEventOrganisation(slug: string) {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  return prisma.organisation.findFirst({
    where: { slug, status: "verified", moderation: VISIBLE },
    select: { id: true, slug: true, name: true },
  });
}

/** An event's pin on the map, with its name and time in words (an accessible name and a tooltip). */
export type EventPin = {
  id: string;
  lat: number;
  lon: number;
  label: string;
  href: string;
  /** the events of its ward: where a pin shared by several events at one place leads */
  placeHref: string;
};

/** The map's Events layer: upcoming events at a place, not cancelled (a campaign's alone when the map shows one). */
export async function listEventPins(filter: { campaignId?: string } = {}, now = new Date()) {
  const events = await listUpcomingEvents({ ...filter, includeCancelled: false }, now);
  return events.filter(
    (e): e is EventCard & { lat: number; lon: number } => e.mode === "place" && e.lat !== null && e.lon !== null,
  );
}
