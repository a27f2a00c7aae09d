import { eventAccess } from "~/models/permissions.server";
import { requireUser } from "~/guards/session.server";

/**
 * The signed-in user may organise this event (admins any; owners and editors
 * of the verified organisation running it). Anyone else signed in gets 403; no
 * one signed in is sent to sign in; an id no event has (or junk) is 404.
 */
export async function requireEventOrganiser(request: Request, eventId: string | undefined) {
  const user = await requireUser(request);
  const access = await eventAccess(user, eventId);
  if (access.status === "no-event") throw new Response("No event has that address", { status: 404 });
  if (access.status === "forbidden") throw new Response("You do not organise this event.", { status: 403 });
  return { user, event: access.event, role: access.role };
}
