import { afterEach, expect, test } from "vitest";
import { disconnectDb } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { loader as tallyLoader } from "./api.tally";
import { loader as outboxJsonLoader } from "./dev.outbox[.json]";
import { loader as healthLoader } from "./healthz";
import { action as benchAction } from "./bench.echo";
import { formRequest, settle } from "../../tests/helpers";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

const tallyAt = (query = "") =>
  tallyLoader({
    request: new Request(`http://localhost:3000/api/tally${query}`),
    params: {},
    context: { clientIp: "x" },
  });

test("/api/tally has the documented shape and cache headers", async () => {
  const response = await tallyAt();
  expect(response.headers.get("Cache-Control")).toMatch(/max-age=\d+/);
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  const body = await response.json();
  expect(Object.keys(body).sort()).toEqual(
    [
      "byQuality",
      "bySector",
      "byWard",
      "kept",
      "keptByQuality",
      "organisations",
      "residents",
      "target",
      "total",
      "updatedAt",
      "waiting",
    ].sort(),
  );
  expect(Object.keys(body.byQuality)).toEqual(["values", "delivery", "partnerships", "operations"]);
  expect(Object.keys(body.bySector)).toEqual([
    "social-enterprise",
    "charity",
    "private-business",
    "public-service",
    "community-group",
  ]);
  expect(body.byWard).toHaveLength(20);
  expect(Object.keys(body.byWard[0]).sort()).toEqual(["code", "fewerThan5", "name", "perThousand", "pledges"]);
  expect(body.target).toBe(10_000);
});

test("TALLY_TARGET sets the target", async () => {
  process.env.TALLY_TARGET = "25000";
  resetEnvCache();
  expect((await (await tallyAt()).json()).target).toBe(25_000);
});

test("/healthz answers 200 when the database answers and 503 when it does not", async () => {
  expect((await healthLoader()).status).toBe(200);
  await disconnectDb();
  process.env.DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:1/nowhere";
  resetEnvCache();
  const down = await healthLoader();
  expect(down.status).toBe(503);
  expect((await down.json()).status).toBe("unavailable");
  await disconnectDb();
});

test("the outbox answers only the developer's own browser on a localhost site, unless OUTBOX=1", async () => {
  process.env.NODE_ENV = "production";
  resetEnvCache();
  const ask = (localRequest: boolean) => () =>
    outboxJsonLoader({
      request: new Request("http://localhost:3000/dev/outbox.json"),
      params: {},
      context: { clientIp: "x", localRequest },
    });
  expect(((await settle(ask(true))) as Response).status).toBe(200);
  // Through a proxy, or from another machine: the web server says it is not local.
  expect(((await settle(ask(false))) as Response).status).toBe(404);
  // A public site never shows it, even to a browser on the server itself.
  process.env.APP_URL = "https://pledge.salford.example";
  resetEnvCache();
  expect(((await settle(ask(true))) as Response).status).toBe(404);
  process.env.OUTBOX = "1";
  resetEnvCache();
  expect(((await settle(ask(false))) as Response).status).toBe(200);
  delete process.env.OUTBOX;
  process.env.APP_URL = "http://localhost:3000";
});

test("the benchmark's baseline route does not exist unless BENCH_ROUTES=1", async () => {
  const call = () =>
    benchAction({ request: formRequest("/bench/echo", { a: "b" }), params: {}, context: { clientIp: "x" } });
  expect(((await settle(call)) as Response).status).toBe(404);
  process.env.BENCH_ROUTES = "1";
  resetEnvCache();
  expect(((await settle(call)) as Response).status).toBe(302);
});

test("/api/wards.geojson: 20 wards, figures suppressed below 5, 5-decimal coordinates, ETag and 304", async () => {
  const { loader } = await import("./api.wards[.geojson]");
  const request = (query = "", headers: Record<string, string> = {}) =>
    loader({
      request: new Request(`http://localhost:3000/api/wards.geojson${query}`, { headers }),
      params: {},
      context: { clientIp: "x" },
    });
  const response = await request();
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/geo\+json/);
  const text = await response.text();
  const body = JSON.parse(text);
  expect(body.features).toHaveLength(20);
  for (const feature of body.features) {
    expect(feature.properties.pledges === null || feature.properties.pledges >= 5).toBe(true);
    if (feature.properties.fewerThan5) expect(feature.properties.perThousand).toBeNull();
  }
  const decimals = [...text.matchAll(/-?\d+\.(\d+)/g)].map((m) => m[1]!.length);
  expect(Math.max(...decimals)).toBeLessThanOrEqual(5);

  const etag = response.headers.get("ETag")!;
  expect(etag).toMatch(/^".+"$/);
  expect((await request("", { "If-None-Match": etag })).status).toBe(304);
  const filtered = await request("?quality=values");
  expect(filtered.headers.get("ETag")).toBeTruthy();
  const bad = await request("?quality=wealth");
  expect(bad.status).toBe(400);
  expect((await bad.json()).error).toMatch(/quality must be one of values, delivery, partnerships, operations/);
});
