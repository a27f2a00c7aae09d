import { listPublicCampaigns } from "./campaign.server";
import { eventPath, formatEventTime } from "./event";
import { listEventPins, type EventPin } from "./event.server";
import type { MapFilter } from "./map-filter";
import { listOrganisationPins } from "./organisation.server";
import { getWardFigures } from "./tally.server";

/**
 * What /map shows for its filters: the wards' figures (the city's, or one
 * public campaign's, running or finished, under a quality or not), the
 * organisation pins, the upcoming events at a place (the campaign's alone
 * when it shows one), and the campaigns it can be filtered to. A campaign slug
 * that names no public campaign (unknown, a draft, junk) shows the whole city
 * and says so: an old or mistyped link still opens a map.
 */
export async function getMapView(filter: MapFilter, askedCampaign: string | undefined) {
  const campaigns = await listPublicCampaigns();
  const campaign = askedCampaign === undefined ? undefined : campaigns.find((c) => c.slug === askedCampaign);
  const [figures, pins, events] = await Promise.all([
    getWardFigures({ quality: filter.quality, campaignId: campaign?.id }),
    listOrganisationPins(filter),
    listEventPins({ campaignId: campaign?.id }),
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
    events: events.map((e) => ({
      id: e.id,
      title: e.title,
      when: formatEventTime(e.startsAt, e.endsAt),
      startsAt: e.startsAt,
      place: [e.venueName, e.ward?.name].filter(Boolean).join(", "),
      ward: e.ward,
      isExample: e.isExample,
      pin: {
        id: e.id,
        lat: e.lat,
        lon: e.lon,
        label: `Event${e.isExample ? " (example)" : ""}: ${e.title}, ${formatEventTime(e.startsAt, e.endsAt)}`,
        href: eventPath(e.id),
        placeHref: e.ward ? `/events?ward=${e.ward.slug}` : "/events",
      } satisfies EventPin,
    })),
  };
}
