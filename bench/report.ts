import { writeFileSync } from "node:fs";
import type { Measure } from "./lib";
import type { MapMeasures } from "./map";
import type { NudgeMeasures } from "./nudges";
import type { RsvpMeasures } from "./rsvps";

type Report = {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; postgres: string; webProcesses: number };
  seconds: number;
  connections: number;
  ceiling: Measure;
  framework: Measure;
  signups: Measure;
  /** the same load posting a running campaign's form */
  campaignSignups: Measure;
  lostSignups: number;
  home: Measure;
  small: Measure;
  large: Measure;
  /** one campaign's tally at 10,000 and 1,000,000 pledges made for it */
  campaignSmall: Measure;
  campaignLarge: Measure;
  map: MapMeasures;
  nudges: NudgeMeasures;
  /** one popular event's RSVP confirmations against pledge confirmations */
  rsvps: RsvpMeasures;
};

const ms = (n: number) => `${n.toFixed(1)} ms`;
const rate = (n: number) => `${Math.round(n).toLocaleString("en-GB")}/s`;
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");
const yes = (ok: boolean) => (ok ? "met" : "**not met**");

/** The RSVP part's tables: what one event's row lock costs, and the event's places checked afterwards. */
export function rsvpTables(r: RsvpMeasures) {
  const rows = [r.pledges, r.rsvps];
  const table = [
    "| what | rate | p50 | p99 | ok | errors | note |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (m) => `| ${m.name} | ${rate(m.rate)} | ${ms(m.p50)} | ${ms(m.p99)} | ${m.ok} | ${m.errors} | ${m.note ?? ""} |`,
    ),
  ].join("\n");
  const count = (n: number) => n.toLocaleString("en-GB");
  const checks = [
    "| figure | value | goal |",
    "|---|---|---|",
    `| RSVP confirmations / pledge confirmations | ${ratio(r.rsvps.rate, r.pledges.rate)} (${rate(r.rsvps.rate)} / ${rate(r.pledges.rate)}) | (for reading: what the event's lock costs) |`,
    `| RSVP confirmation p99 / pledge confirmation p99 | ${ratio(r.rsvps.p99, r.pledges.p99)} (${ms(r.rsvps.p99)} / ${ms(r.pledges.p99)}) | (for reading) |`,
    `| confirmations a second while places were left / once the event was full | ${rate(r.goingPhaseRate)} / ${rate(r.waitlistPhaseRate)} | (for reading: the waitlist's length costs each confirmation) |`,
    `| going, of ${count(r.capacity)} places | ${count(r.going)} | at most ${count(r.capacity)}: ${yes(r.going <= r.capacity)} |`,
    `| going + waiting / answered as confirmed + confirmed after a round stopped | ${count(r.going + r.waiting)} / ${count(r.answered)} + ${count(r.finishedInFlight)} (of ${count(r.inFlight)} not answered) | equal: ${yes(r.going + r.waiting === r.answered + r.finishedInFlight)} |`,
    `| answered as confirmed but neither going nor waiting | ${r.lost} | 0: ${yes(r.lost === 0)} |`,
    `| going or waiting without a request sent for them | ${r.unexplained} | 0: ${yes(r.unexplained === 0)} |`,
    `| every place to someone who confirmed before everyone waiting | ${r.orderKept ? "yes" : "no"} | yes: ${yes(r.orderKept)} |`,
  ].join("\n");
  return `${table}\n\n${checks}`;
}

/** Prints the table and writes docs/benchmarks.md. */
export async function writeReport(r: Report) {
  const rows = [
    r.ceiling,
    r.framework,
    r.signups,
    r.campaignSignups,
    r.home,
    r.small,
    r.large,
    r.campaignSmall,
    r.campaignLarge,
  ];
  const table = [
    "| what | rate | p50 | p99 | ok | errors | note |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (m) => `| ${m.name} | ${rate(m.rate)} | ${ms(m.p50)} | ${ms(m.p99)} | ${m.ok} | ${m.errors} | ${m.note ?? ""} |`,
    ),
  ].join("\n");
  const ratios = [
    "| ratio | value | goal (the platform's quality bar) |",
    "|---|---|---|",
    `| sign-ups / framework ceiling | ${ratio(r.signups.rate, r.framework.rate)} | at least 0.7: ${yes(r.signups.rate / r.framework.rate >= 0.7)} |`,
    `| sign-ups / database ceiling | ${ratio(r.signups.rate, r.ceiling.rate)} | (for reading) |`,
    `| sign-ups a second | ${Math.round(r.signups.rate)} | at least 1,000: ${yes(r.signups.rate >= 1000)} |`,
    `| sign-up p99 | ${ms(r.signups.p99)} | under 250 ms: ${yes(r.signups.p99 < 250)} |`,
    `| sign-ups into a campaign / plain sign-ups | ${ratio(r.campaignSignups.rate, r.signups.rate)} (${rate(r.campaignSignups.rate)} / ${rate(r.signups.rate)}) | at least 0.95: ${yes(r.campaignSignups.rate / r.signups.rate >= 0.95)} |`,
    `| accepted sign-ups missing from the database | ${r.lostSignups} | 0 |`,
    `| tally p50 at 1,000,000 / at 10,000 | ${ratio(r.large.p50, r.small.p50)} | about 1 (flat) |`,
    `| tally p99 at 1,000,000 / at 10,000 | ${ratio(r.large.p99, r.small.p99)} | about 1 (flat) |`,
    `| campaign tally p50 at 1,000,000 / at 10,000 campaign pledges | ${ratio(r.campaignLarge.p50, r.campaignSmall.p50)} | about 1 (flat) |`,
    `| campaign tally p99 at 1,000,000 / at 10,000 campaign pledges | ${ratio(r.campaignLarge.p99, r.campaignSmall.p99)} | about 1 (flat) |`,
    `| campaign tally p50 / city tally p50, at 1,000,000 | ${ratio(r.campaignLarge.p50, r.large.p50)} | (for reading) |`,
  ].join("\n");
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const mapTable = [
    "| what | figure | baseline (same run) | ratio |",
    "|---|---|---|---|",
    `| /api/wards.geojson, gzipped | ${kb(r.map.geojsonGzipBytes)} | the same body uncompressed: ${kb(r.map.geojsonBytes)} | ${ratio(r.map.geojsonGzipBytes, r.map.geojsonBytes)} |`,
    `| JavaScript the map page loads (gzipped) | ${kb(r.map.mapJsGzipBytes)} (${kb(r.map.mapJsBytes)} raw) | the pledge page: ${kb(r.map.pledgeJsGzipBytes)} (${kb(r.map.pledgeJsBytes)} raw) | ${ratio(r.map.mapJsGzipBytes, r.map.pledgeJsGzipBytes)} |`,
    `| navigation to 20 wards drawn, headless Chromium, cold cache (median of ${r.map.runs}) | ${ms(r.map.wardsDrawnMs)} | navigation to the pledge page's load event: ${ms(r.map.pledgeLoadMs)} | ${ratio(r.map.wardsDrawnMs, r.map.pledgeLoadMs)} |`,
  ].join("\n");
  const n = r.nudges;
  const nudgeTable = [
    "| what | figure | baseline (same run) | ratio |",
    "|---|---|---|---|",
    `| due nudges delivered a second (${n.queued.toLocaleString("en-GB")} emails, ${n.workers} workers, ${ms(n.sendSeconds * 1000)}) | ${Math.round(n.emailsPerSecond).toLocaleString("en-GB")}/s | the fake provider's ceiling: 10 calls/s x 100 = ${n.ceiling.toLocaleString("en-GB")}/s | ${ratio(n.emailsPerSecond, n.ceiling)} |`,
    `| emails received by the provider, distinct / duplicates | ${n.delivered.toLocaleString("en-GB")} / ${n.duplicates} | queued: ${n.queued.toLocaleString("en-GB")} | ${ratio(n.delivered, n.queued)} |`,
    `| calls refused by the provider's rate limit (retried) | ${n.rateLimited} | | |`,
    `| queueing the due nudges (npm run nudges:due) | ${ms(n.queueSeconds * 1000)} for ${n.pledges.toLocaleString("en-GB")} pledges | | |`,
  ].join("\n");
  const rsvpSection = rsvpTables(r.rsvps);
  const m = r.machine;
  const doc = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); do not edit by hand. Each figure is read against a
baseline measured in the same run, on the same machine, at the same time.

Run: ${r.date}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node};
PostgreSQL ${m.postgres} (embedded, fsync on, a fresh database). ${m.webProcesses} web processes of the
production build; no queue worker runs during the load. The load generator (autocannon,
${r.connections} connections, ${r.seconds} s per row) runs on the same machine and takes CPU from both.

## What was measured

- **INSERT … through pg**: the sign-up's own statement (pledge and its confirmation email in one
  statement) sent straight through \`pg\` from ${r.connections} connections: what the database can take.
- **Remix action: parse the form, redirect**: the same form bodies posted to an action that only
  reads the form and redirects (BENCH_ROUTES=1): what the framework can take.
- **POST /pledge**: the real sign-up: rate limit, Zod validation, postcode to ward, the statement,
  redirect. Every request is a distinct pledge; a 302 is an accepted pledge, already committed.
- **POST /pledge with campaign=<slug>**: the same load posting a running campaign's form instead
  (the hidden campaign field, one of the campaign's own suggestions), right after the plain form's,
  from empty tables both times: the campaign is looked up (kept a few seconds per process) and its
  schema checks the form; the pledge is stored attributed to it.
- **GET / during the sign-up load**: one visitor reloading the home page throughout.
- **GET /api/tally** with the tally cache off (TALLY_CACHE_MS=0, a server started again for these rows;
  the sign-ups ran with production's 2 s), so every request reads the database,
  at 10,000 and at 1,000,000 confirmed pledges generated directly in the database, every one made
  for one running campaign; and that **campaign's tally** at the same two sizes (its own counters,
  read by their prefix: docs/tally.md), through \`GET /api/tally?campaign=<slug>\` (the row's name
  says so when it was measured through the model instead).

## Results

${table}

${ratios}

## The map

Measured after the sign-up load, on the same server (localhost: no network latency, so the times
are the browser's and the server's work only).

${mapTable}

## Nudges

${n.pledges.toLocaleString("en-GB")} pledges confirmed 8 days ago (one person each), so each is due its 7-day nudge;
queued in one run, then delivered by one worker process per core to the local fake Resend, which
answers 429 to more than 10 calls in a second, as Resend limits its API.

${nudgeTable}

## One popular event's RSVPs

Every confirmation of a place at an event takes that event's row lock (docs/events.md), so one
popular event's confirmations run one at a time, in every web process. One published event of
${r.rsvps.capacity.toLocaleString("en-GB")} places and more pending RSVPs to it, and as many pending pledges, are written
straight into the database, each with its own confirmation link; then each link's button is pressed
once (POST /confirm/<token> for the pledges, POST /rsvps/confirm/<token> for the RSVPs), ${r.connections}
connections, ${r.seconds} s each in two rounds (pledges, RSVPs, RSVPs, pledges: the machine's drift falls on
both alike), on the same server as the rows above; latencies are timed per request over both rounds.
A pledge confirmation takes no lock another pledge's needs: the difference is the event's lock. A
confirmation counts when it is answered with the redirect that says so (?confirmed=1). Afterwards the
event's RSVPs are read back.

${rsvpSection}
`;
  writeFileSync("docs/benchmarks.md", doc);
  console.log(
    `\n${table}\n\n${ratios}\n\n${mapTable}\n\n${nudgeTable}\n\n${rsvpSection}\n\nwritten to docs/benchmarks.md`,
  );
}
