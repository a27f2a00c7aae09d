import { organisationAccess, type OrganisationRole } from "~/models/permissions.server";
import { requireUser } from "~/guards/session.server";

/**
 * Guards turn a model's answer into the HTTP answer a loader or action gives:
 * they may use models and utilities, and are the only code besides routes
 * that throws a Response built from a model's result (models return results;
 * utilities do not reach into models).
 *
 * The signed-in user may act for this organisation in one of these roles
 * (admins may act for any). Anyone else signed in gets 403; no one signed in
 * is sent to sign in; an address no organisation has is 404. Checked on the
 * server by every loader and action that needs it.
 */
export async function requireOrganisationRole(request: Request, slug: string, roles: OrganisationRole[]) {
  const user = await requireUser(request);
  const access = await organisationAccess(user, slug, roles);
  if (access.status === "no-organisation") throw new Response("No organisation has that address", { status: 404 });
  if (access.status === "forbidden")
    throw new Response("You do not have access to this organisation.", { status: 403 });
  return { user, organisation: access.organisation, role: access.role };
}
