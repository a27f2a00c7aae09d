import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { mapFilterFrom } from "~/models/map-filter";
import { classBreaks } from "~/models/ward-figures";
import { wardFeatures } from "~/models/ward-shapes.server";
import { getWardFigures } from "~/models/tally.server";

/**
 * The wards with their published figures (suppressed below 5), for the map
 * and for anyone else: GeoJSON, coordinates at 5 decimals, cached with an ETag.
 * ?quality=values|delivery|partnerships|operations filters the figures.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const filter = mapFilterFrom(new URL(request.url));
  if (!filter.success) return Response.json({ error: filter.error.issues[0]!.message }, { status: 400 });
  const figures = await getWardFigures(filter.data);
  const breaks = classBreaks(figures);
  const body = JSON.stringify({
    type: "FeatureCollection",
    filter: filter.data,
    breaks,
    features: wardFeatures(figures, breaks).features,
  });
  const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
  const headers = {
    "Content-Type": "application/geo+json; charset=utf-8",
    "Cache-Control": "public, max-age=30, stale-while-revalidate=300",
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
