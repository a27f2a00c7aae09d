import { getMembership, getOrganisation } from "~/models/organisation.server";
import { requireUser } from "./session.server";

export type OrganisationRole = "owner" | "editor";

/**
 * The signed-in user may act for this organisation in one of these roles
 * (admins may act for any). Anyone else signed in gets 403; no one signed in
 * is sent to sign in. Checked on the server by every loader and action that
 * needs it.
 */
export async function requireOrganisationRole(request: Request, slug: string, roles: OrganisationRole[]) {
  const user = await requireUser(request);
  const organisation = await getOrganisation(slug);
  if (!organisation) throw new Response("No organisation has that address", { status: 404 });
  if (user.role === "admin") return { user, organisation, role: "admin" as const };
  const membership = await getMembership(user.id, organisation.id);
  if (!membership || !roles.includes(membership.role as OrganisationRole))
    throw new Response("You do not have access to this organisation.", { status: 403 });
  return { user, organisation, role: membership.role as OrganisationRole };
}
