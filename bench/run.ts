/**
 * `npm run bench`: measures the sign-up path and the tally on the production
 * build, on a fresh embedded database, against baselines measured in the same
 * run, and writes docs/benchmarks.md.
 *
 *   (a) pledge submissions a second, p50/p99, every accepted pledge durable
 *       before its response, against: the same rows INSERTed straight through
 *       pg (the database's ceiling) and a Remix action that parses the form
 *       and redirects (the framework's ceiling);
 *   (b) GET /api/tally at 10,000 and at 1,000,000 confirmed pledges.
 *
 * BENCH_SECONDS (default 20) sets each load's length.
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
import { load, percentile, startProcess, type Measure } from "./lib";
import { CREATE_PLEDGES_SQL, createPledgesValues } from "~/models/pledge-signup.server";
import { generateConfirmedPledges, pledgeForm, pledgeRowFor, salfordPostcodes } from "./pledges";
import { measureMap } from "./map";
import { measureNudges } from "./nudges";
import { writeReport } from "./report";

// A throwaway database gets a throwaway secret: nothing it signs outlives the run.
process.env.SESSION_SECRET ??= randomBytes(32).toString("base64url");
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

const server = startProcess(
  ["--import", "tsx", "server/index.ts"],
  {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    WEB_CONCURRENCY: String(webProcesses),
    DATABASE_URL: databaseUrl,
    APP_URL: base,
    BENCH_ROUTES: "1",
    // One address sends everything here: the per-IP limit would measure itself.
    RATE_LIMIT_PLEDGE: "100000000",
    TALLY_CACHE_MS: "0",
    PG_POOL_MAX: "20",
  },
  /listening/,
);
await server.started;
await new Promise((resolve) => setTimeout(resolve, 1000));

let formCounter = 0;
/** Pledge numbers whose submission was answered 302: accepted, so they must be in the database. */
const accepted: number[] = [];
const formRequest = (path: string): autocannon.Options => ({
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
        return { ...request, body: pledgeForm(context.n, postcodes) };
      },
      onResponse: (status: number, _body: string, context: { n?: number }) => {
        if (status === 302 && path === "/pledge") accepted.push(context.n!);
      },
    },
  ],
});

console.log(`warming up (${webProcesses} web processes)…`);
await load("warm-up", { ...formRequest("/pledge"), duration: 3 }, 302);
await load("warm-up", { ...formRequest("/bench/echo"), duration: 3 }, 302);
await pool.query("TRUNCATE pledge, email_message CASCADE");
accepted.length = 0;

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

// The home page must keep answering while sign-ups pour in: one visitor reloading it throughout.
const homeDuring = load(
  "GET / during the sign-up load (1 connection)",
  { url: `${base}/`, connections: 1, duration: seconds },
  200,
);
const signups = await load("POST /pledge: validate, place, store + queue email", formRequest("/pledge"), 302);
const home = await homeDuring;
const durable = await pool.query<{ pledges: string; emails: string }>(
  `SELECT count(*) AS pledges, count(e.id) AS emails
   FROM pledge p LEFT JOIN email_message e ON e.pledge_id = p.id AND e.template = 'confirm-pledge'
   WHERE p.email_normalised = ANY($1)`,
  [accepted.map((n) => `bench.person+${n}@example.org`)],
);
signups.note =
  `${accepted.length} answered 302; of those, ${durable.rows[0]!.pledges} pledges and ` +
  `${durable.rows[0]!.emails} confirmation emails found in the database`;
console.log(signups, home);

console.log("map: bytes and drawing time…");
const map = await measureMap(base);
console.log(map);

// Sign-ups still in flight when the load stopped land first; then clear them and
// their confirmation emails, so the nudge run sends nudges only.
await new Promise((resolve) => setTimeout(resolve, 2000));
await pool.query("TRUNCATE pledge, email_message, email_batch, tally_delta, tally_counter CASCADE");

const nudgeCount = Number(process.env.BENCH_NUDGES ?? 100_000);
console.log(`nudges: ${nudgeCount.toLocaleString("en-GB")} due, provider limited to 10 calls a second…`);
const nudges = await measureNudges(pool, databaseUrl, nudgeCount);
console.log(nudges);

// (b) The tally at two sizes. TALLY_CACHE_MS=0, so every request reads the database.
async function tallyAt(total: number) {
  console.log(`generating ${total.toLocaleString("en-GB")} confirmed pledges…`);
  await generateConfirmedPledges(pool, total);
  const measure = await load(
    `GET /api/tally at ${total.toLocaleString("en-GB")} pledges`,
    { url: `${base}/api/tally`, connections: 10, duration: Math.min(seconds, 10) },
    200,
  );
  const body = (await (await fetch(`${base}/api/tally`)).json()) as { total: number };
  measure.note = `tally says ${body.total.toLocaleString("en-GB")}`;
  console.log(measure);
  return measure;
}
const small = await tallyAt(10_000);
const large = await tallyAt(1_000_000);

await server.stop();
await pool.end();
await database.stop();

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
  ceiling,
  framework,
  signups,
  lostSignups: accepted.length - Number(durable.rows[0]!.pledges),
  home,
  small,
  large,
  map,
  nudges,
});
