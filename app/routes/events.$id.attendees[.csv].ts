import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeesCsv } from "~/models/event-attendance.server";
import { requireEventOrganiser } from "~/guards/event-organiser.server";

/** The organiser's list as CSV: names and email addresses, so never kept by a cache or a shared proxy. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireEventOrganiser(request, params.id);
  return new Response(await attendeesCsv(event.id), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="event-${event.id}-attendees.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
