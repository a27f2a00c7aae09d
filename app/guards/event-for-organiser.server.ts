import { getEventForOrganiser } from "~/models/event-admin.server";
import { requireEventOrganiser } from "~/guards/event-organiser.server";

/**
 * The event as its organiser's pages (edit, manage) show it, once
 * requireEventOrganiser has let the user in; 404 if it went in between.
 */
export async function requireEventForOrganiser(request: Request, eventId: string | undefined) {
  const { event } = await requireEventOrganiser(request, eventId);
  const found = await getEventForOrganiser(event.id);
  if (!found) throw new Response("No event has that address", { status: 404 });
  return found;
}
