import type { LoaderFunctionArgs } from "@remix-run/node";
import { findEventCalendar } from "~/models/event-calendar.server";

/** "Add to calendar": a published or cancelled event as an .ics file; 404 for anything else. */
export async function loader({ params }: LoaderFunctionArgs) {
  const calendar = await findEventCalendar(params.id);
  if (!calendar) throw new Response("No public event has that address", { status: 404 });
  return new Response(calendar.ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.filename}"`,
      // Short: a change or a cancellation should reach the next download.
      "Cache-Control": "public, max-age=300",
    },
  });
}
