/**
 * `npm run bench`: measures the sign-up path and the tally on the production
 * build, on a fresh embedded database, against baselines measured in the same
 * run, and writes docs/benchmarks.md.
 *
 *   (a) pledge submissions a second, p50/p99, every accepted pledge durable
 *       before its response, against: the same rows INSERTed straight through
 *       pg (the database's ceiling) and a Remix action that parses the form
 *       and redirects (the framework's ceiling); and sign-ups into a running
 *       campaign (its form: the hidden campaign field, one of its own
 *       suggestions) against the plain form's, by the same load generator;
 *   (b) GET /api/tally at 10,000 and at 1,000,000 confirmed pledges, and one
 *       campaign's tally (GET /api/tally?campaign=<slug>) at 10,000 and at
 *       1,000,000 pledges made for it;
 *   (c) RSVP confirmations a second to one popular event (each takes the
 *       event's row lock), p50/p99, against pledge confirmations (no shared
 *       lock) by the same load generator; the event never over its capacity,
 *       no confirmation lost.
 *
 * BENCH_SECONDS (default 20) sets each load's length. BENCH_PARTS (default
 * all: signups,map,nudges,rsvps,tally) runs only some parts, to try a change: the
 * figures are printed, and docs/benchmarks.md is written only by a full run.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import pg from "pg";
import { buildIfNeeded } from "../scripts/lib/build";
import { ensureDatabase, startEmbeddedDatabase } from "../scripts/lib/embedded-db";
import { migrate } from "../scripts/lib/migrate";
import { load, measureCalls, percentile, startProcess, type Measure } from "./lib";
import { CREATE_PLEDGES_SQL, createPledgesValues } from "~/models/pledge-signup.server";
import { getCampaignTally } from "~/models/tally.server";
import { generateConfirmedPledges, pledgeForm, pledgeRowFor, salfordPostcodes, type CampaignForm } from "./pledges";
import { measureMap } from "./map";
import { measureNudges } from "./nudges";
import { measureRsvps } from "./rsvps";
import { rsvpTables, writeReport } from "./report";

// A throwaway database gets a throwaway secret: nothing it signs outlives the run.
process.env.SESSION_SECRET ??= randomBytes(32).toString("base64url");
// The campaign tally measured in this process (when the server has no ?campaign yet) must read the database each
// time; the web server is given its own setting (startServer).
process.env.TALLY_CACHE_MS = "0";
const PARTS = ["signups", "map", "nudges", "rsvps", "tally"] as const;
const parts = new Set((process.env.BENCH_PARTS ?? PARTS.join(",")).split(",").map((p) => p.trim()));
for (const part of parts)
  if (!(PARTS as readonly string[]).includes(part))
    throw new Error(`BENCH_PARTS: no part "${part}" (${PARTS.join(", ")})`);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const connections = 50;
const port = Number(process.env.BENCH_PORT ?? 3200);
const pgPort = Number(process.env.BENCH_PG_PORT ?? 5436);
const webProcesses = Number(process.env.WEB_CONCURRENCY || availableParallelism());
const base = `http://127.0.0.1:${port}`;

const dataDir = path.resolve("bench/results/postgres");
rmSync(dataDir, { recursive: true, force: true });
console.log("starting a fresh embedded PostgreSQL…");
const database = await startEmbeddedDatabase({ dataDir, port: pgPort });
await ensureDatabase(database.serverUrl, "bench");
const databaseUrl = `${database.serverUrl}/bench`;
process.env.DATABASE_URL = databaseUrl;
await migrate(databaseUrl);
const { seed } = await import("../scripts/lib/seed");
process.env.DEMO = "0";
await seed({ newDatabase: false });
await buildIfNeeded();

const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
const postcodes = await salfordPostcodes();
const serverVersion = (await pool.query("SHOW server_version")).rows[0].server_version as string;

/** The campaign the campaign form signs into and the campaign tally counts: published, running, three suggestions of its own. */
const campaignSuggestions = [
  "I will knock on an older neighbour's door once a week.",
  "I will offer a lift to the shops to a neighbour without a car.",
  "I will share a cooked meal with a neighbour once a week.",
];
const benchCampaign = (
  await pool.query<{ id: string; slug: string }>(
    `INSERT INTO campaign (id, slug, name, summary, body, starts_on, ends_on, target, qualities, ward_codes,
       suggestions, status, published_at)
     VALUES (gen_random_uuid(), 'bench-campaign', 'Bench campaign', 'The benchmark''s campaign.', 'Made by bench/run.ts.',
       current_date - 7, current_date + 30, 1000000, ARRAY['partnerships'], '{}', $1::text[], 'published', now())
     RETURNING id, slug`,
    [campaignSuggestions],
  )
).rows[0]!;
const campaignForm: CampaignForm = { slug: benchCampaign.slug, suggestions: campaignSuggestions.length };

/** (a1) The database's ceiling: the sign-up's own statement, straight through pg. */
async function insertCeiling(): Promise<Measure> {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        // One pledge per statement: plain INSERTs, each committed on its own.
        await pool.query({
          name: "create-pledges",
          text: CREATE_PLEDGES_SQL,
          values: createPledgesValues([pledgeRowFor(n++, postcodes)]),
        });
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    name: "INSERT pledge + email row through pg (database ceiling)",
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: latencies.length,
    errors: 0,
  };
}

/**
 * The production build's web server. Its short caches (TALLY_CACHE_MS: the
 * tally, and the campaign a pledge form names) are production's unless
 * `tallyCacheMs` is given: the tally's rows turn them off, to read the database.
 */
async function startServer(tallyCacheMs?: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    WEB_CONCURRENCY: String(webProcesses),
    DATABASE_URL: databaseUrl,
    APP_URL: base,
    BENCH_ROUTES: "1",
    // One address sends everything here: the per-IP limit would measure itself.
    RATE_LIMIT_PLEDGE: "100000000",
    PG_POOL_MAX: "20",
  };
  if (tallyCacheMs === undefined) delete env.TALLY_CACHE_MS;
  else env.TALLY_CACHE_MS = tallyCacheMs;
  const started = startProcess(["--import", "tsx", "server/index.ts"], env, /listening/);
  await started.started;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return started;
}
let server = await startServer();

let formCounter = 0;
/** Pledge numbers whose submission was answered 302: accepted, so they must be in the database. */
let accepted: number[] = [];
const formRequest = (path: string, campaign?: CampaignForm): autocannon.Options => ({
  url: `${base}${path}`,
  connections,
  duration: seconds,
  requests: [
    {
      method: "POST" as const,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      // One request at a time per connection, so the context names the pledge being answered.
      setupRequest: (request: autocannon.Request, context: { n?: number }) => {
        context.n = formCounter++;
        return { ...request, body: pledgeForm(context.n, postcodes, campaign) };
      },
      onResponse: (status: number, _body: string, context: { n?: number }) => {
        if (status === 302 && path === "/pledge") accepted.push(context.n!);
      },
    },
  ],
});

/** The accepted pledges found in the database with their confirmation emails (and, for a campaign's form, attributed to it). */
async function durableNote(campaignId: string | null) {
  const durable = await pool.query<{ pledges: string; emails: string }>(
    `SELECT count(*) AS pledges, count(e.id) AS emails
     FROM pledge p LEFT JOIN email_message e ON e.pledge_id = p.id AND e.template = 'confirm-pledge'
     WHERE p.email_normalised = ANY($1) AND p.campaign_id IS NOT DISTINCT FROM $2::uuid`,
    [accepted.map((n) => `bench.person+${n}@example.org`), campaignId],
  );
  const pledges = Number(durable.rows[0]!.pledges);
  const note =
    `${accepted.length} answered 302; of those, ${pledges} pledges` +
    (campaignId ? " attributed to the campaign" : "") +
    ` and ${durable.rows[0]!.emails} confirmation emails found in the database`;
  return { note, lost: accepted.length - pledges };
}

/** One sign-up load with one visitor reloading the home page throughout (it must keep answering). */
async function signUpLoad(name: string, campaign?: CampaignForm) {
  accepted = [];
  const homeDuring = load(
    "GET / during the sign-up load (1 connection)",
    { url: `${base}/`, connections: 1, duration: seconds },
    200,
  );
  const measure = await load(name, formRequest("/pledge", campaign), 302);
  const home = await homeDuring;
  const durable = await durableNote(campaign ? benchCampaign.id : null);
  measure.note = durable.note;
  // Sign-ups still in flight when the load stopped land first; then the next load starts from empty tables.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await pool.query("TRUNCATE pledge, email_message CASCADE");
  return { measure, home, lost: durable.lost };
}

let signupMeasures: {
  ceiling: Measure;
  framework: Measure;
  signups: Measure;
  campaignSignups: Measure;
  home: Measure;
  lostSignups: number;
} | null = null;
if (parts.has("signups")) {
  console.log(`warming up (${webProcesses} web processes)…`);
  await load("warm-up", { ...formRequest("/pledge"), duration: 3 }, 302);
  await load("warm-up", { ...formRequest("/pledge", campaignForm), duration: 3 }, 302);
  await load("warm-up", { ...formRequest("/bench/echo"), duration: 3 }, 302);
  await pool.query("TRUNCATE pledge, email_message CASCADE");

  console.log(`(a) ${seconds} s each, ${connections} connections`);
  const ceiling = await insertCeiling();
  console.log(ceiling);
  await pool.query("TRUNCATE pledge, email_message CASCADE");
  const framework = await load(
    "Remix action: parse the form, redirect (framework ceiling)",
    formRequest("/bench/echo"),
    302,
  );
  console.log(framework);

  const plain = await signUpLoad("POST /pledge: validate, place, store + queue email");
  console.log(plain.measure, plain.home);
  const campaign = await signUpLoad(
    "POST /pledge with campaign=<slug> (a running campaign's form, one of its suggestions)",
    campaignForm,
  );
  console.log(campaign.measure, campaign.home);
  signupMeasures = {
    ceiling,
    framework,
    signups: plain.measure,
    campaignSignups: campaign.measure,
    home: plain.home,
    lostSignups: plain.lost + campaign.lost,
  };
}

let map: Awaited<ReturnType<typeof measureMap>> | null = null;
if (parts.has("map")) {
  console.log("map: bytes and drawing time…");
  map = await measureMap(base);
  console.log(map);
}

let nudges: Awaited<ReturnType<typeof measureNudges>> | null = null;
if (parts.has("nudges")) {
  // Clear sign-ups and their confirmation emails, so the nudge run sends nudges only.
  await pool.query("TRUNCATE pledge, email_message, email_batch, tally_delta, tally_counter CASCADE");
  const nudgeCount = Number(process.env.BENCH_NUDGES ?? 100_000);
  console.log(`nudges: ${nudgeCount.toLocaleString("en-GB")} due, provider limited to 10 calls a second…`);
  nudges = await measureNudges(pool, databaseUrl, nudgeCount);
  console.log(nudges);
}

let rsvps: Awaited<ReturnType<typeof measureRsvps>> | null = null;
if (parts.has("rsvps")) {
  rsvps = await measureRsvps(pool, base, {
    seconds,
    connections,
    links: process.env.BENCH_CONFIRMATIONS ? Number(process.env.BENCH_CONFIRMATIONS) : undefined,
  });
  console.log(`\n${rsvpTables(rsvps)}\n`);
}

/**
 * The campaign's tally through GET /api/tally?campaign=<slug> when the server
 * answers it, otherwise getCampaignTally (what that answer reads) called in
 * this process: the row's name says which.
 */
async function campaignTallyLoad(total: number) {
  const url = `${base}/api/tally?campaign=${benchCampaign.slug}`;
  const answer = await fetch(url);
  const body = answer.ok ? ((await answer.json()) as { campaign?: { slug?: string }; total?: number }) : null;
  const size = `${total.toLocaleString("en-GB")} campaign pledges`;
  const duration = Math.min(seconds, 10);
  if (body?.campaign?.slug === benchCampaign.slug) {
    await load("warm-up", { url, connections: 10, duration: 2 }, 200);
    const measure = await load(`GET /api/tally?campaign=<slug> at ${size}`, { url, connections: 10, duration }, 200);
    measure.note = `campaign tally says ${Number(body.total).toLocaleString("en-GB")}`;
    return measure;
  }
  const measure = await measureCalls(
    `getCampaignTally (in process: the server has no /api/tally?campaign) at ${size}`,
    () => getCampaignTally(benchCampaign.id),
    { concurrency: 10, seconds: duration },
  );
  measure.note = `campaign tally says ${(await getCampaignTally(benchCampaign.id)).total.toLocaleString("en-GB")}`;
  return measure;
}

// (b) The tally at two sizes, every pledge made for the campaign. TALLY_CACHE_MS=0, so every request reads the database.
async function tallyAt(total: number) {
  console.log(`generating ${total.toLocaleString("en-GB")} confirmed pledges…`);
  await generateConfirmedPledges(pool, total, benchCampaign.id);
  // Both reads warmed up alike, so neither pays for the first requests after the bulk load.
  await load("warm-up", { url: `${base}/api/tally`, connections: 10, duration: 2 }, 200);
  const city = await load(
    `GET /api/tally at ${total.toLocaleString("en-GB")} pledges`,
    { url: `${base}/api/tally`, connections: 10, duration: Math.min(seconds, 10) },
    200,
  );
  const body = (await (await fetch(`${base}/api/tally`)).json()) as { total: number };
  city.note = `tally says ${body.total.toLocaleString("en-GB")}`;
  console.log(city);
  const campaign = await campaignTallyLoad(total);
  console.log(campaign);
  return { city, campaign };
}
let tally: { small: Awaited<ReturnType<typeof tallyAt>>; large: Awaited<ReturnType<typeof tallyAt>> } | null = null;
if (parts.has("tally")) {
  await server.stop();
  server = await startServer("0");
  await pool.query("TRUNCATE pledge, email_message CASCADE");
  const small = await tallyAt(Number(process.env.BENCH_TALLY_SMALL ?? 10_000));
  const large = await tallyAt(Number(process.env.BENCH_TALLY_LARGE ?? 1_000_000));
  tally = { small, large };
}

await server.stop();
await pool.end();
await database.stop();

if (signupMeasures && map && nudges && rsvps && tally) {
  await writeReport({
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: availableParallelism(),
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: serverVersion,
      webProcesses,
    },
    seconds,
    connections,
    ...signupMeasures,
    small: tally.small.city,
    large: tally.large.city,
    campaignSmall: tally.small.campaign,
    campaignLarge: tally.large.campaign,
    map,
    nudges,
    rsvps,
  });
} else {
  console.log(`BENCH_PARTS=${[...parts].join(",")}: docs/benchmarks.md is written only by a full run`);
}
