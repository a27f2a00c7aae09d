import { z } from "zod";
import { QUALITY_KEYS } from "~/reference/qualities";
import { SECTOR_KEYS } from "~/reference/sectors";

/**
 * The map's filters, as they appear in its URL: quality shades the wards,
 * sector picks the organisation pins. The map's campaign (mapCampaignFrom)
 * is read apart: /api/wards.geojson shares this schema and has no campaign.
 */
export const MapFilterSchema = z.object({
  quality: z
    .enum(QUALITY_KEYS, { errorMap: () => ({ message: `quality must be one of ${QUALITY_KEYS.join(", ")}` }) })
    .optional(),
  sector: z
    .enum(SECTOR_KEYS, { errorMap: () => ({ message: `sector must be one of ${SECTOR_KEYS.join(", ")}` }) })
    .optional(),
});
export type MapFilter = z.infer<typeof MapFilterSchema>;

export function mapFilterFrom(url: URL) {
  return MapFilterSchema.safeParse({
    quality: url.searchParams.get("quality") || undefined,
    sector: url.searchParams.get("sector") || undefined,
  });
}

/**
 * The campaign slug the map was asked to show, as given: the loader looks it
 * up, and one that names no public campaign shows the whole city with a
 * notice, never an error (an old link must still open a map).
 */
export function mapCampaignFrom(url: URL): string | undefined {
  return url.searchParams.get("campaign") || undefined;
}

export function mapFilterQuery(filter: MapFilter & { campaign?: string }) {
  const params = new URLSearchParams();
  if (filter.quality) params.set("quality", filter.quality);
  if (filter.sector) params.set("sector", filter.sector);
  if (filter.campaign) params.set("campaign", filter.campaign);
  const query = params.toString();
  return query ? `?${query}` : "";
}
