import { listPublicCampaigns } from "./campaign.server";
import type { MapFilter } from "./map-filter";
import { listOrganisationPins } from "./organisation.server";
import { getWardFigures } from "./tally.server";

/**
 * What /map shows for its filters: the wards' figures (the city's, or one
 * public campaign's, running or finished, under a quality or not), the
 * organisation pins, and the campaigns it can be filtered to. A campaign slug
 * that names no public campaign (unknown, a draft, junk) shows the whole city
 * and says so: an old or mistyped link still opens a map.
 */
export async function getMapView(filter: MapFilter, askedCampaign: string | undefined) {
  const campaigns = await listPublicCampaigns();
  const campaign = askedCampaign === undefined ? undefined : campaigns.find((c) => c.slug === askedCampaign);
  const [figures, pins] = await Promise.all([
    getWardFigures({ quality: filter.quality, campaignId: campaign?.id }),
    listOrganisationPins(filter),
  ]);
  return {
    filter: { ...filter, campaign: campaign?.slug },
    campaign: campaign && { slug: campaign.slug, name: campaign.name, phase: campaign.phase },
    campaignNotFound: askedCampaign !== undefined && !campaign,
    campaignOptions: campaigns.map((c) => ({
      value: c.slug,
      label: c.phase === "past" ? `${c.name} (finished)` : c.name,
    })),
    figures,
    pins,
  };
}
