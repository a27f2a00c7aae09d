import type { FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { readBoundary, readWardShapes } from "~/utils/reference.server";
import { shadeClass, shadeColour, type WardFeatureProperties, type WardFigure } from "./ward-figures";

export type WardFeatures = FeatureCollection<Polygon | MultiPolygon, WardFeatureProperties>;

/**
 * The wards as GeoJSON with their published figures and shading: the /map
 * page draws it from its loader, /api/wards.geojson serves it to anyone.
 */
export function wardFeatures(figures: WardFigure[], breaks: number[]): WardFeatures {
  const byCode = new Map(figures.map((f) => [f.code, f]));
  return {
    type: "FeatureCollection",
    features: readWardShapes().features.map((feature) => {
      const figure = byCode.get(feature.properties.code)!;
      const shade = shadeClass(figure, breaks);
      return {
        type: "Feature",
        properties: {
          code: figure.code,
          name: figure.name,
          slug: figure.slug,
          population: figure.population,
          pledges: figure.pledges,
          perThousand: figure.perThousand,
          fewerThan5: figure.fewerThan5,
          shade,
          colour: shadeColour(shade),
        },
        geometry: feature.geometry,
      };
    }),
  };
}

/**
 * The wards as SVG paths, for maps drawn on the server (home page, ward
 * pages): no JavaScript, no Leaflet. Projected once per process.
 */
export type WardPath = { code: string; slug: string; name: string; d: string };
export type WardPaths = { viewBox: string; wards: WardPath[]; boundary: string };

const WIDTH = 600;
let cached: WardPaths | undefined;
let project: ((position: Position) => [number, number]) | undefined;

/** Where a place falls on the server-drawn maps. */
export function projectPoint(lon: number, lat: number) {
  getWardPaths();
  const [x, y] = project!([lon, lat]);
  return { x, y };
}

export function getWardPaths(): WardPaths {
  if (cached) return cached;
  const features = readWardShapes().features;
  const rings = (f: { geometry: Polygon | MultiPolygon }) =>
    f.geometry.type === "Polygon" ? f.geometry.coordinates : f.geometry.coordinates.flat();
  const all = features.flatMap((f) => rings(f).flat());
  const lons = all.map((p) => p[0]!);
  const lats = all.map((p) => p[1]!);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  // Equirectangular, shrunk east-west by cos(latitude): true enough for a city.
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = WIDTH / ((maxLon - minLon) * kx);
  const height = Math.round((maxLat - minLat) * scale);
  project = ([lon, lat]: Position) => [
    Math.round((lon! - minLon) * kx * scale * 10) / 10,
    Math.round((maxLat - lat!) * scale * 10) / 10,
  ];
  const point = (position: Position) => project!(position).join(",");
  const pathOf = (polygonRings: Position[][]) => polygonRings.map((ring) => `M${ring.map(point).join("L")}Z`).join("");

  cached = {
    viewBox: `0 0 ${WIDTH} ${height}`,
    wards: features.map((f) => ({
      code: f.properties.code,
      slug: f.properties.slug,
      name: f.properties.name,
      d: pathOf(rings(f)),
    })),
    boundary: pathOf(readBoundary().features.flatMap(rings)),
  };
  return cached;
}
