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
