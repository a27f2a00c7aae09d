/**
 * What the event's row lock costs: every confirmation of an RSVP to one event
 * takes that event's lock (confirmRsvp: SELECT … FOR UPDATE on the event, then
 * the queue's next number, the places taken, the update), so one popular
 * event's confirmations run one at a time. Measured through the production
 * server as POST /rsvps/confirm/<token> (the button on the emailed link's
 * page), against pledge confirmations, POST /confirm/<token>, which take no
 * shared lock, by the same load generator in the same run. Afterwards the
 * event is checked: going never above its capacity, and going + waiting the
 * confirmations answered with the redirect that says so (nothing lost).
 */
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import type pg from "pg";
import { createToken } from "~/utils/token.server";
import { percentile, type Measure } from "./lib";
import { salfordPostcodes } from "./pledges";

export type RsvpMeasures = {
  capacity: number;
  /** POST /rsvps/confirm/<token>, every request a different pending RSVP to the one event */
  rsvps: Measure;
  /** POST /confirm/<token>, every request a different pending pledge */
  pledges: Measure;
  going: number;
  waiting: number;
  /** RSVP confirmations answered with the redirect to the manage page (?confirmed=1) */
  answered: number;
  /** requests sent but not answered as confirmed: in flight when a round stopped (the server may still have confirmed them), or errors */
  inFlight: number;
  /** of those in flight, how many the server confirmed after the load stopped listening */
  finishedInFlight: number;
  /** answered as confirmed, yet neither going nor waiting */
  lost: number;
  /** going or waiting, yet no request for them was sent */
  unexplained: number;
  /** every place went to the first to confirm: the highest going queue number below the lowest waiting one */
  orderKept: boolean;
  /** confirmations a second while places were left, and once the event was full (from confirmed_at) */
  goingPhaseRate: number;
  waitlistPhaseRate: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` fresh confirmation links: the tokens a person is emailed and the hashes the database keeps. */
function tokens(count: number) {
  return Array.from({ length: count }, () => createToken());
}

const BATCH = 10_000;

/** One published event, a month away, with `capacity` places. */
async function createEvent(pool: pg.Pool, capacity: number, title: string) {
  const place = (await salfordPostcodes())[0]!;
  const id = randomUUID();
  await pool.query(
    `INSERT INTO event (id, title, description, starts_at, ends_at, mode, venue_name, address, postcode, ward_code,
       lat, lon, capacity, contact_name, contact_email, status, published_at)
     VALUES ($1, $2, 'Made by bench/rsvps.ts.', now() + interval '30 days', now() + interval '30 days 2 hours',
       'place', 'Bench Hall', '1 Bench Street, Salford', $3, $4, $5, $6, $7, 'Bench Organiser',
       'bench.organiser@example.org', 'published', now())`,
    [id, title, place.postcode, place.wardCode, place.lat, place.lon, capacity],
  );
  return id;
}

/** `count` pending RSVPs to the event, as createRsvp leaves them: each with its own link. Returns their ids and tokens. */
async function createPendingRsvps(pool: pg.Pool, eventId: string, count: number, prefix: string) {
  const links = tokens(count);
  const ids = links.map(() => randomUUID());
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH);
    await pool.query(
      `INSERT INTO rsvp (id, event_id, name, email, email_normalised, status, confirm_token_hash, confirm_token_expires_at)
       SELECT id, $2::uuid, 'Bench Guest ' || n, $4 || n || '@example.org', $4 || n || '@example.org', 'pending', hash,
         now() + interval '7 days'
       FROM unnest($1::uuid[], $3::text[]) WITH ORDINALITY AS r(id, hash, n)`,
      [ids.slice(from, to), eventId, links.slice(from, to).map((l) => l.hash), `${prefix}${from}-`],
    );
  }
  return { ids, tokens: links.map((l) => l.token) };
}

/** `count` pending pledges, as a sign-up leaves them: each with its own confirmation link. Returns their tokens. */
async function createPendingPledges(pool: pg.Pool, count: number, prefix: string) {
  const postcodes = await salfordPostcodes();
  const links = tokens(count);
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH);
    const places = Array.from({ length: to - from }, (_, i) => postcodes[((from + i) * 7919) % postcodes.length]!);
    await pool.query(
      `INSERT INTO pledge (id, name, name_display, email, email_normalised, postcode, ward_code, qualities,
         commitment, commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at,
         created_at, updated_at)
       SELECT gen_random_uuid(), 'Bench Pledger ' || n, 'initial', $4 || n || '@example.org', $4 || n || '@example.org',
         postcode, ward_code, ARRAY[(ARRAY['values','delivery','partnerships','operations'])[1 + n % 4]],
         'I will keep bench promise ' || n, 'i will keep bench promise ' || n, true, false, hash,
         now() + interval '7 days', now(), now()
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(hash, postcode, ward_code, n)`,
      [
        links.slice(from, to).map((l) => l.hash),
        places.map((p) => p.postcode),
        places.map((p) => p.wardCode),
        `${prefix}${from}-`,
      ],
    );
  }
  return links.map((l) => l.token);
}

/**
 * Presses each link's button once, `connections` at a time, in rounds of
 * `seconds`: one POST per token, as the confirmation page's form sends it
 * (same-origin, an empty form), every round going on from the last link
 * pressed. A confirmation is a 302 to a page with ?confirmed=1; a spent or
 * unknown link is a 302 back to the link's own page, so the Location tells
 * them apart. Latencies are timed per request here (setupRequest runs just
 * before the request is written), so the rounds make one row.
 */
function linkPresser(name: string, base: string, pathFor: (token: string) => string, links: string[]) {
  const answered = new Set<number>();
  /** Answers other than a confirmation, by what they were: "500", "302 back to the link". */
  const others = new Map<string, number>();
  const latencies: number[] = [];
  let sent = 0;
  let seconds = 0;
  let failures = 0;
  type Context = { n?: number; started?: number };

  async function press(options: { connections: number; seconds: number }) {
    const result = await autocannon({
      url: base,
      connections: options.connections,
      duration: options.seconds,
      requests: [
        {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: base,
            "sec-fetch-site": "same-origin",
          },
          body: "",
          // One request at a time per connection, so the context names the link being answered.
          setupRequest: (request: autocannon.Request, context: Context) => {
            context.n = sent++;
            context.started = performance.now();
            // Past the last link: a token nobody holds, answered as a spent link (counted below as not confirmed).
            return { ...request, path: pathFor(links[context.n] ?? "no-such-link") };
          },
          onResponse: (status: number, _body: string, context: Context, headers?: Record<string, unknown>) => {
            latencies.push(performance.now() - context.started!);
            const location = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === "location")?.[1];
            if (status === 302 && String(location).includes("confirmed=1")) answered.add(context.n!);
            else {
              const what = status === 302 ? "302 back to the link" : String(status);
              others.set(what, (others.get(what) ?? 0) + 1);
            }
          },
        },
      ],
    });
    seconds += result.duration;
    failures += result.errors + result.timeouts;
  }

  function measure(): Measure {
    const sorted = [...latencies].sort((a, b) => a - b);
    const notes = [...others].map(([what, n]) => `${n} answered ${what}`);
    if (sent > links.length)
      notes.push(`ran out of links: ${sent - links.length} requests past the last (BENCH_CONFIRMATIONS)`);
    return {
      name,
      rate: seconds > 0 ? answered.size / seconds : 0,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      ok: answered.size,
      errors: latencies.length - answered.size + failures,
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  }

  return {
    press,
    measure,
    answered,
    /** requests sent so far (the links 0 … sent - 1) */
    sent: () => sent,
  };
}

export async function measureRsvps(
  pool: pg.Pool,
  base: string,
  options: { seconds: number; connections: number; capacity?: number; links?: number },
): Promise<RsvpMeasures> {
  const { seconds, connections } = options;
  const capacity = options.capacity ?? 200;
  // More links than either load can press: on two cores each takes a few hundred a second.
  const count = options.links ?? Math.max(10_000, seconds * 2_000);
  // Pledges, RSVPs, RSVPs, pledges, half the time each: the machine's drift during the run falls on both alike,
  // and the event's confirmations run back to back.
  const round = { connections, seconds: Math.max(1, seconds / 2) };
  const rsvpPath = (token: string) => `/rsvps/confirm/${token}`;
  const pledgePath = (token: string) => `/confirm/${token}`;

  console.log(
    `rsvps: one event of ${capacity.toLocaleString("en-GB")} places, ${count.toLocaleString("en-GB")} links each…`,
  );
  const warmEvent = await createEvent(pool, capacity, "Bench warm-up event");
  const warmRsvps = await createPendingRsvps(pool, warmEvent, 5_000, "bench-warm-guest-");
  const warmPledges = await createPendingPledges(pool, 5_000, "bench-warm-pledger-");
  const eventId = await createEvent(pool, capacity, "Bench popular event");
  const rsvps = await createPendingRsvps(pool, eventId, count, "bench-guest-");
  const pledgeLinks = await createPendingPledges(pool, count, "bench-pledger-");
  await pool.query("VACUUM ANALYZE event, rsvp, pledge");

  console.log("warming up…");
  await linkPresser("warm-up", base, rsvpPath, warmRsvps.tokens).press({ connections, seconds: 3 });
  await linkPresser("warm-up", base, pledgePath, warmPledges).press({ connections, seconds: 3 });

  console.log(
    `${seconds} s each (pledges, RSVPs, RSVPs, pledges: ${round.seconds} s a round), ${connections} connections`,
  );
  const pledges = linkPresser(
    "POST /confirm/<token>: pledge confirmations (no shared lock)",
    base,
    pledgePath,
    pledgeLinks,
  );
  const fired = linkPresser(
    `POST /rsvps/confirm/<token>: RSVP confirmations to one event of ${capacity.toLocaleString("en-GB")} places (its row lock)`,
    base,
    rsvpPath,
    rsvps.tokens,
  );
  await pledges.press(round);
  await fired.press(round);
  await fired.press(round);
  await pledges.press(round);
  // Confirmations still in flight when the load stopped finish first.
  await sleep(2000);

  const confirmedPledges = Number(
    (
      await pool.query(
        "SELECT count(*) FROM pledge WHERE email_normalised LIKE 'bench-pledger-%' AND confirmed_at IS NOT NULL",
      )
    ).rows[0].count,
  );
  const pledgeMeasure = pledges.measure();
  pledgeMeasure.note = [
    pledgeMeasure.note,
    `${pledges.answered.size} answered as confirmed; ${confirmedPledges} confirmed in the database (${pledges.sent() - pledges.answered.size} more sent)`,
  ]
    .filter(Boolean)
    .join("; ");

  const index = new Map<string, number>(rsvps.ids.map((id, n) => [id, n]));
  const rows = (
    await pool.query<{ id: string; status: string; queue_seq: string; at: number }>(
      `SELECT id, status, queue_seq, extract(epoch FROM confirmed_at)::float8 AS at FROM rsvp
       WHERE event_id = $1 AND status IN ('going', 'waiting') ORDER BY queue_seq`,
      [eventId],
    )
  ).rows;
  const confirmed = new Set(rows.map((r) => index.get(r.id)!));
  const going = rows.filter((r) => r.status === "going");
  const waiting = rows.filter((r) => r.status === "waiting");
  const lost = [...fired.answered].filter((n) => !confirmed.has(n)).length;
  const unexplained = [...confirmed].filter((n) => n >= fired.sent()).length;
  const finishedInFlight = [...confirmed].filter((n) => n < fired.sent() && !fired.answered.has(n)).length;
  const lastGoing = going.at(-1);
  const orderKept = !lastGoing || waiting.length === 0 || BigInt(lastGoing.queue_seq) < BigInt(waiting[0]!.queue_seq);
  const phaseRate = (phase: { at: number }[]) =>
    phase.length > 1 ? (phase.length - 1) / (phase.at(-1)!.at - phase[0]!.at) : 0;
  const rsvpMeasure = fired.measure();
  rsvpMeasure.note = [
    rsvpMeasure.note,
    `${going.length} going, ${waiting.length} waiting; ${fired.answered.size} answered as confirmed`,
  ]
    .filter(Boolean)
    .join("; ");

  return {
    capacity,
    rsvps: rsvpMeasure,
    pledges: pledgeMeasure,
    going: going.length,
    waiting: waiting.length,
    answered: fired.answered.size,
    inFlight: fired.sent() - fired.answered.size,
    finishedInFlight,
    lost,
    unexplained,
    orderKept,
    goingPhaseRate: phaseRate(going),
    waitlistPhaseRate: phaseRate(waiting),
  };
}
