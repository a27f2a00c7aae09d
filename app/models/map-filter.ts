import { z } from "zod";
import { QUALITY_KEYS } from "~/reference/qualities";
import { SECTOR_KEYS } from "~/reference/sectors";

/**
 * The map's filters, as they appear in its URL: quality shades the wards,
 * sector picks the organisation pins (campaign joins later).
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

export function mapFilterQuery(filter: MapFilter) {
  const params = new URLSearchParams();
  if (filter.quality) params.set("quality", filter.quality);
  if (filter.sector) params.set("sector", filter.sector);
  const query = params.toString();
  return query ? `?${query}` : "";
}
