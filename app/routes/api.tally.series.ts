import type { LoaderFunctionArgs } from "@remix-run/node";
import { SeriesAnswerSchema, SeriesQuerySchema, parseQuery, seriesRange } from "~/models/api-schemas";
import { findPublicCampaign } from "~/models/campaign.server";
import { getDailySeries, salfordDay } from "~/models/tally.server";
import { apiAnswer, apiError } from "~/utils/api-response.server";

/**
 * Pledges counted per day (Salford's days), the city's or one public
 * campaign's: ?from=YYYY-MM-DD&to=YYYY-MM-DD&campaign=<slug>, at most 366
 * days. By default the 90 days to today, or a campaign's days from its start.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(SeriesQuerySchema, new URL(request.url));
  if (!query.success) return apiError(400, query.error);
  const { campaign: slug, ...asked } = query.data;
  const campaign = slug === undefined ? null : await findPublicCampaign(slug);
  if (slug !== undefined && !campaign) return apiError(404, "There is no public campaign with that slug.");
  const range = seriesRange(asked, salfordDay(new Date()), campaign ?? undefined);
  if (!range.success) return apiError(400, range.error);
  const days = await getDailySeries({ ...range.data, campaignId: campaign?.id });
  return apiAnswer(SeriesAnswerSchema, {
    ...range.data,
    ...(campaign ? { campaign: { slug: campaign.slug, name: campaign.name } } : {}),
    days,
  });
}
