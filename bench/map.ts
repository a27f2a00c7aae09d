/**
 * The map's costs, each read against a baseline from the same run:
 * bytes of /api/wards.geojson gzipped (against the same body uncompressed),
 * JavaScript the map page loads (against the pledge page), and time from
 * navigation to 20 wards drawn in headless Chromium (against the time to the
 * pledge page's load event).
 */
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/chromium";

export type MapMeasures = {
  geojsonBytes: number;
  geojsonGzipBytes: number;
  mapJsBytes: number;
  mapJsGzipBytes: number;
  pledgeJsBytes: number;
  pledgeJsGzipBytes: number;
  wardsDrawnMs: number;
  pledgeLoadMs: number;
  runs: number;
};

async function scriptBytes(base: string, path: string) {
  const html = await (await fetch(`${base}${path}`)).text();
  const sources = new Set(
    [...html.matchAll(/<(?:link rel="modulepreload"|script type="module")[^>]*(?:href|src)="([^"]+\.js)"/g)].map(
      (m) => m[1]!,
    ),
  );
  // Remix also imports the route's modules from an inline script: count those too.
  for (const m of html.matchAll(/import\s*(?:\*\s*as\s*\w+\s*from\s*)?"([^"]+\.js)"/g)) sources.add(m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { raw, gzip };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureMap(base: string, runs = 5): Promise<MapMeasures> {
  const geojson = Buffer.from(await (await fetch(`${base}/api/wards.geojson`)).arrayBuffer());
  const map = await scriptBytes(base, "/map");
  const pledge = await scriptBytes(base, "/pledge");

  const browser = await chromium.launch(chromiumLaunchOptions);
  const drawn: number[] = [];
  const loaded: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      // A new context each time: a cold cache, as a first visit.
      const context = await browser.newContext();
      const page = await context.newPage();
      let started = performance.now();
      await page.goto(`${base}/map`, { waitUntil: "commit" });
      await page.waitForFunction(() => document.querySelectorAll("path.ward-shape").length === 20, undefined, {
        polling: "raf",
      });
      drawn.push(performance.now() - started);
      started = performance.now();
      await page.goto(`${base}/pledge`, { waitUntil: "load" });
      loaded.push(performance.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    geojsonBytes: geojson.length,
    geojsonGzipBytes: gzipSync(geojson).length,
    mapJsBytes: map.raw,
    mapJsGzipBytes: map.gzip,
    pledgeJsBytes: pledge.raw,
    pledgeJsGzipBytes: pledge.gzip,
    wardsDrawnMs: median(drawn),
    pledgeLoadMs: median(loaded),
    runs,
  };
}
