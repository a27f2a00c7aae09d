/**
 * Derives the compact reference data the app ships from the ONS open data in
 * SOURCE_DATA_DIR. The app and its tests read only the output in app/reference/,
 * which is committed: a clone has no source data.
 *
 *   SOURCE_DATA_DIR=/path/to/ons-data npm run data:build
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { topology } from "topojson-server";
import { presimplify, simplify } from "topojson-simplify";
import { feature } from "topojson-client";
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import { slugify } from "../app/utils/slug";

const SOURCE_FILES = ["wards-2023.geojson", "boundary-2023.geojson", "postcodes.csv", "ward-population-census2021.csv"];
if (!process.env.SOURCE_DATA_DIR) {
  console.error(
    `Set SOURCE_DATA_DIR to the directory holding the ONS source files (${SOURCE_FILES.join(", ")}); see app/reference/README.md.`,
  );
  process.exit(2);
}
const sourceDir = path.resolve(process.env.SOURCE_DATA_DIR);
const absent = SOURCE_FILES.filter((name) => !existsSync(path.join(sourceDir, name)));
if (absent.length) {
  console.error(`${sourceDir} lacks ${absent.join(", ")}; see app/reference/README.md for what each file is.`);
  process.exit(2);
}
const outDir = path.resolve("app/reference");
// Planar area threshold in squared degrees (Visvalingam). About 5 m² on the
// ground at this latitude: drops collinear points, keeps every visible bend.
const SIMPLIFY_WEIGHT = 2e-9;

function read(name: string) {
  return readFileSync(path.join(sourceDir, name), "utf8");
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

function roundGeometry(geometry: Geometry): Geometry {
  const ring = (r: Position[]) => {
    const out: Position[] = [];
    for (const [x, y] of r) {
      const p = [round5(x), round5(y)];
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    return out;
  };
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(ring) };
  if (geometry.type === "MultiPolygon")
    return { type: "MultiPolygon", coordinates: geometry.coordinates.map((p) => p.map(ring)) };
  throw new Error(`unexpected geometry ${geometry.type}`);
}

type PopulationRow = { ward_code: string; ward_name: string; census2021: string };
const population = new Map(
  (parse(read("ward-population-census2021.csv"), { columns: true }) as PopulationRow[]).map((r) => [
    r.ward_code,
    Number(r.census2021),
  ]),
);

const wardsSource = JSON.parse(read("wards-2023.geojson")) as FeatureCollection;
const boundarySource = JSON.parse(read("boundary-2023.geojson")) as FeatureCollection;

// Simplify wards and boundary in one topology so shared edges stay shared (no slivers).
const topo = presimplify(
  topology({ wards: wardsSource, boundary: boundarySource }) as Parameters<typeof presimplify>[0],
);
const simple = simplify(topo, SIMPLIFY_WEIGHT);
const simpleWards = feature(simple, simple.objects.wards) as unknown as FeatureCollection;
const simpleBoundary = feature(simple, simple.objects.boundary) as unknown as FeatureCollection;

const wards = simpleWards.features
  .map((f) => {
    const code = String(f.properties?.area_code);
    const name = String(f.properties?.area_name);
    const pop = population.get(code);
    if (!pop) throw new Error(`no census 2021 population for ward ${code}`);
    return {
      type: "Feature",
      properties: { code, name, slug: slugify(name), population: pop },
      geometry: roundGeometry(f.geometry),
    } satisfies Feature;
  })
  .sort((a, b) => a.properties.code.localeCompare(b.properties.code));

if (wards.length !== 20) throw new Error(`expected 20 wards, found ${wards.length}`);
const wardCodes = new Set(wards.map((w) => w.properties.code));

const cityPopulation = population.get("E08000006");
const boundary = {
  type: "FeatureCollection",
  features: simpleBoundary.features.map((f) => ({
    type: "Feature",
    properties: { code: "E08000006", name: "Salford", population: cityPopulation },
    geometry: roundGeometry(f.geometry),
  })),
};

type PostcodeRow = { postcode: string; lat: string; lon: string; ward_code_pip: string };
const postcodeRows = parse(read("postcodes.csv"), { columns: true }) as PostcodeRow[];
const postcodeLines = ["postcode,ward_code,lat,lon"];
for (const r of postcodeRows) {
  if (!wardCodes.has(r.ward_code_pip)) throw new Error(`postcode ${r.postcode} in unknown ward`);
  postcodeLines.push(
    `${r.postcode.toUpperCase()},${r.ward_code_pip},${round5(Number(r.lat))},${round5(Number(r.lon))}`,
  );
}

mkdirSync(outDir, { recursive: true });
writeFileSync(
  path.join(outDir, "wards.geojson"),
  JSON.stringify({ type: "FeatureCollection", features: wards }) + "\n",
);
writeFileSync(path.join(outDir, "boundary.geojson"), JSON.stringify(boundary) + "\n");
writeFileSync(path.join(outDir, "postcodes.csv"), postcodeLines.join("\n") + "\n");

const before = wardsSource.features.reduce((n, f) => n + JSON.stringify(f.geometry).length, 0);
const after = wards.reduce((n, f) => n + JSON.stringify(f.geometry).length, 0);
console.log(
  `wards: ${wards.length} (geometry ${before} -> ${after} bytes); postcodes: ${postcodeRows.length}; ` +
    `city population ${cityPopulation}`,
);
