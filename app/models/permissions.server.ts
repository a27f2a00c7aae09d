import { prisma } from "~/utils/db.server";
import { getMembership, getOrganisation } from "./organisation.server";

export type OrganisationRole = "owner" | "editor";

/**
 * Who may act for an organisation: admins for any; anyone else only as a
 * member in one of these roles. An answer, not an HTTP response: the guard
 * (app/guards/organisation-role.server.ts) turns it into 404 or 403.
 */
export async function organisationAccess(user: { id: string; role: string }, slug: string, roles: OrganisationRole[]) {
  const organisation = await getOrganisation(slug);
  if (!organisation) return { status: "no-organisation" as const };
  if (user.role === "admin") return { status: "allowed" as const, organisation, role: "admin" as const };
  const membership = await getMembership(user.id, organisation.id);
  if (!membership || !roles.includes(membership.role as OrganisationRole)) return { status: "forbidden" as const };
  return { status: "allowed" as const, organisation, role: membership.role as OrganisationRole };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event id as it may appear in an address: a UUID (anything else is no event, not a database error). */
export function isEventId(id: string | undefined): id is string {
  return typeof id === "string" && UUID.test(id);
}

/**
 * Who may organise an event (edit, publish, cancel, see who is coming, run its
 * kiosk): admins for any; the owners and editors of the organisation running
 * it while that organisation is verified. Events the Alliance runs (no
 * organisation) are admins' alone.
 */
export async function eventAccess(user: { id: string; role: string }, eventId: string | undefined) {
  if (!isEventId(eventId)) return { status: "no-event" as const };
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    include: { organisation: { select: { id: true, slug: true, name: true, status: true } } },
  });
  if (!event) return { status: "no-event" as const };
  if (user.role === "admin") return { status: "allowed" as const, event, role: "admin" as const };
  if (!event.organisation || event.organisation.status !== "verified") return { status: "forbidden" as const };
  const membership = await getMembership(user.id, event.organisation.id);
  if (!membership || !["owner", "editor"].includes(membership.role)) return { status: "forbidden" as const };
  return { status: "allowed" as const, event, role: membership.role as OrganisationRole };
}

/** The verified organisations this user may run events for (admins: every verified one; the Alliance's own is separate). */
export async function organisationsForEvents(user: { id: string; role: string }) {
  return prisma.organisation.findMany({
    where:
      user.role === "admin"
        ? { status: "verified" }
        : { status: "verified", members: { some: { userId: user.id, role: { in: ["owner", "editor"] } } } },
    select: { id: true, name: true, slug: true },
    orderBy: { name: "asc" },
  });
}
