import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignsAnswerSchema, NoQuerySchema, parseQuery } from "~/models/api-schemas";
import { listCampaignSummaries } from "~/models/public-api.server";
import { apiAnswer, apiError } from "~/utils/api-response.server";

/** The public campaigns (published; archived ones as past), each with its total and its page's address. */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(NoQuerySchema, new URL(request.url));
  if (!query.success) return apiError(400, query.error);
  return apiAnswer(CampaignsAnswerSchema, { campaigns: await listCampaignSummaries() });
}
