import { z } from "zod";
import { QUALITY_KEYS } from "~/reference/qualities";

/** The map's filters, as they appear in its URL (?quality=…); sector and campaign join later. */
export const MapFilterSchema = z.object({
  quality: z.enum(QUALITY_KEYS, { errorMap: () => ({ message: `quality must be one of ${QUALITY_KEYS.join(", ")}` }) }).optional(),
});
export type MapFilter = z.infer<typeof MapFilterSchema>;

export function mapFilterFrom(url: URL) {
  return MapFilterSchema.safeParse({ quality: url.searchParams.get("quality") || undefined });
}

export function mapFilterQuery(filter: MapFilter) {
  const params = new URLSearchParams();
  if (filter.quality) params.set("quality", filter.quality);
  const query = params.toString();
  return query ? `?${query}` : "";
}
