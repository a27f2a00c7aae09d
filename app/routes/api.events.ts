import type { LoaderFunctionArgs } from "@remix-run/node";
import { EventsAnswerSchema, EventsQuerySchema, parseQuery } from "~/models/api-schemas";
import { listEventAnswers } from "~/models/public-api.server";
import { apiAnswer, apiError } from "~/utils/api-response.server";

/** The public events not yet ended, soonest first, each with its place (or "online"), places and page's address. */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(EventsQuerySchema, new URL(request.url));
  if (!query.success) return apiError(400, query.error);
  return apiAnswer(EventsAnswerSchema, { events: await listEventAnswers() });
}
