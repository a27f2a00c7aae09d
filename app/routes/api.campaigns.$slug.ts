import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignAnswerSchema, NoQuerySchema, parseQuery } from "~/models/api-schemas";
import { findPublicCampaign } from "~/models/campaign.server";
import { campaignAnswer } from "~/models/public-api.server";
import { apiAnswer, apiError } from "~/utils/api-response.server";

/** One public campaign: its summary, tally (wards below 5 suppressed), milestones and conditions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = parseQuery(NoQuerySchema, new URL(request.url));
  if (!query.success) return apiError(400, query.error);
  const campaign = await findPublicCampaign(params.slug ?? "");
  if (!campaign) return apiError(404, "There is no public campaign with that slug.");
  return apiAnswer(CampaignAnswerSchema, await campaignAnswer(campaign));
}
