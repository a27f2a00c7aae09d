import type { LoaderFunctionArgs } from "@remix-run/node";
import { CampaignTallyAnswerSchema, CityTallyAnswerSchema, TallyQuerySchema, parseQuery } from "~/models/api-schemas";
import { findPublicCampaign } from "~/models/campaign.server";
import { campaignTallyAnswer } from "~/models/public-api.server";
import { getTally } from "~/models/tally.server";
import { publishSmallCount } from "~/models/ward-figures";
import { apiAnswer, apiError } from "~/utils/api-response.server";

/**
 * The public tally, for partner sites and the live number: the city's, or
 * with ?campaign=<slug> one public campaign's. Aggregates only; wards below 5
 * are suppressed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(TallyQuerySchema, new URL(request.url));
  if (!query.success) return apiError(400, query.error);
  if (query.data.campaign === undefined) {
    const tally = await getTally();
    return apiAnswer(CityTallyAnswerSchema, { ...tally, waiting: publishSmallCount(tally.waiting) });
  }
  const campaign = await findPublicCampaign(query.data.campaign);
  if (!campaign) return apiError(404, "There is no public campaign with that slug.");
  return apiAnswer(CampaignTallyAnswerSchema, await campaignTallyAnswer(campaign));
}
