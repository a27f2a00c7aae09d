import { readFileSync } from "node:fs";
import path from "node:path";
import type { FeatureCollection, Polygon, MultiPolygon } from "geojson";

// The derived files in app/reference (npm run data:build). Read from disk at
// run time rather than bundled, so the web build, the worker and scripts share them.
const referenceDir = path.resolve(process.env.REFERENCE_DIR ?? "app/reference");

export type WardProperties = { code: string; name: string; slug: string; population: number };
export type WardCollection = FeatureCollection<Polygon | MultiPolygon, WardProperties>;

let wardShapes: WardCollection | undefined;
export function readWardShapes(): WardCollection {
  wardShapes ??= JSON.parse(readFileSync(path.join(referenceDir, "wards.geojson"), "utf8"));
  return wardShapes!;
}

export type BoundaryCollection = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;

let boundary: BoundaryCollection | undefined;
/** The Salford local authority boundary. */
export function readBoundary(): BoundaryCollection {
  boundary ??= JSON.parse(readFileSync(path.join(referenceDir, "boundary.geojson"), "utf8"));
  return boundary!;
}

export type PostcodeLocation = { postcode: string; wardCode: string; lat: number; lon: number };

let postcodes: Map<string, PostcodeLocation> | undefined;
/** Every Salford postcode, keyed without spaces ("M54WT"). */
export function readPostcodes(): Map<string, PostcodeLocation> {
  if (postcodes) return postcodes;
  const lines = readFileSync(path.join(referenceDir, "postcodes.csv"), "utf8").trim().split("\n");
  postcodes = new Map();
  for (const line of lines.slice(1)) {
    const [postcode, wardCode, lat, lon] = line.split(",");
    postcodes.set(postcode.replace(/ /g, ""), { postcode, wardCode, lat: Number(lat), lon: Number(lon) });
  }
  return postcodes;
}
