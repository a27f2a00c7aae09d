import { Prisma } from "~/generated/prisma/client";
import { QUALITY_KEYS, type QualityKey } from "~/reference/qualities";
import { SECTORS } from "~/reference/sectors";
import { getPool, prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { shiftDay } from "~/utils/calendar-days";
import { shortCache } from "~/utils/short-cache.server";
import { publishWardFigure, type WardFigure } from "./ward-figures";
import { listWards } from "./ward.server";

/**
 * The movement tally, counted without a hot row (docs/decisions/003):
 * confirming or withdrawing a pledge appends rows to tally_delta (an INSERT
 * never waits for another INSERT), and one roll-up at a time folds them into
 * tally_counter, one row per dimension. A read sums the counters and the few
 * deltas not yet rolled up, so its cost depends on the number of dimensions
 * and the roll-up interval, never on the number of pledges.
 */

type Db = Prisma.TransactionClient;

// ---------------------------------------------------------------------------
// The counting rule (docs/tally.md), written once. Every delta a change writes
// (recordTallyChange, recordKeptChange, recountOrganisation) is the difference
// between these functions before and after the change, and the full recount
// (rebuildTally, checkTally) adds them up over every pledge and organisation:
// a rule changed here changes both.
// ---------------------------------------------------------------------------

/** The day a moment falls on in Salford (Europe/London), as YYYY-MM-DD: the tally's days are Salford's. */
export function salfordDay(moment: Date): string {
  return moment.toLocaleDateString("en-CA", { timeZone: "Europe/London" });
}

/** What the rule reads of a pledge. */
export type PledgeFacts = {
  wardCode: string;
  qualities: string[];
  campaignId: string | null;
  /** the day it was confirmed (Salford's), null while unconfirmed */
  confirmedOn: string | null;
  withdrawn: boolean;
  done: boolean;
  /** "only if enough others will too" */
  conditional: boolean;
  /** the condition it waits in (waiting | on | lapsed) and the day it switched on or lapsed */
  condition: { status: string; settledOn: string | null } | null;
};

/** A pledge row's facts, with its condition's row when it has one. */
export function pledgeFacts(
  pledge: {
    wardCode: string;
    qualities: string[];
    campaignId: string | null;
    confirmedAt: Date | null;
    withdrawnAt: Date | null;
    doneAt: Date | null;
    conditional: boolean;
  },
  condition: { status: string; settledAt: Date | null } | null,
): PledgeFacts {
  return {
    wardCode: pledge.wardCode,
    qualities: pledge.qualities,
    campaignId: pledge.campaignId,
    confirmedOn: pledge.confirmedAt ? salfordDay(pledge.confirmedAt) : null,
    withdrawn: pledge.withdrawnAt !== null,
    done: pledge.doneAt !== null,
    conditional: pledge.conditional,
    condition: condition && {
      status: condition.status,
      settledOn: condition.settledAt ? salfordDay(condition.settledAt) : null,
    },
  };
}

/**
 * Where a pledge stands: a confirmed pledge that is not withdrawn counts,
 * unless it is conditional and its condition is not met (it waits: counted
 * apart) or lapsed (it never counts). It counts from the day it was confirmed
 * or its condition was met, whichever is later.
 */
export function pledgeStanding(pledge: PledgeFacts): { status: "none" | "waiting" | "counted"; day: string | null } {
  if (!pledge.confirmedOn || pledge.withdrawn) return { status: "none", day: null };
  if (!pledge.conditional) return { status: "counted", day: pledge.confirmedOn };
  const condition = pledge.condition;
  if (!condition || condition.status === "waiting") return { status: "waiting", day: null };
  if (condition.status !== "on") return { status: "none", day: null };
  const settledOn = condition.settledOn ?? pledge.confirmedOn;
  return { status: "counted", day: settledOn > pledge.confirmedOn ? settledOn : pledge.confirmedOn };
}

/**
 * The counters one pledge adds 1 to. A counted pledge counts in the total, as
 * a resident's, in its ward, under each of its qualities and in its ward under
 * each, on the day it began to count; once its pledger says it is done, as
 * kept (overall and under each quality); and, made for a campaign, in the
 * campaign's own counters the same way. A waiting pledge counts only as
 * waiting (the city's and its campaign's).
 */
export function pledgeDimensions(pledge: PledgeFacts): string[] {
  const standing = pledgeStanding(pledge);
  const campaign = pledge.campaignId ? `campaign:${pledge.campaignId}:` : null;
  if (standing.status === "waiting") return ["waiting", ...(campaign ? [`${campaign}waiting`] : [])];
  if (standing.status !== "counted") return [];
  const qualities = [...new Set(pledge.qualities)];
  const ward = `ward:${pledge.wardCode}`;
  const counted = (prefix: string) => [
    `${prefix}total`,
    `${prefix}${ward}`,
    ...qualities.map((q) => `${prefix}quality:${q}`),
    // Ward by quality, for the map's quality filter.
    ...qualities.map((q) => `${prefix}${ward}:quality:${q}`),
    `${prefix}day:${standing.day}`,
    ...(pledge.done ? [`${prefix}kept`, ...qualities.map((q) => `${prefix}kept:quality:${q}`)] : []),
  ];
  return ["residents", ...counted(""), ...(campaign ? counted(campaign) : [])];
}

/** What an organisation adds to the tally; kept on the organisation so a change writes only the difference. */
export type OrganisationContribution = { counted: boolean; qualities: string[]; sector?: string };

/**
 * A verified organisation with at least one active commitment counts, once,
 * in its sector and under the qualities of its active commitments.
 */
export function organisationContribution(organisation: {
  status: string;
  sectorKey: string;
  commitments: { quality: string; status: string }[];
}): OrganisationContribution {
  const active = organisation.commitments.filter((c) => c.status === "active");
  if (organisation.status !== "verified" || active.length === 0) return { counted: false, qualities: [] };
  return {
    counted: true,
    qualities: [...new Set(active.map((c) => c.quality))].sort(),
    sector: organisation.sectorKey,
  };
}

/** The counters an organisation's contribution adds 1 to (organisations are pins on the map, never ward counts). */
export function organisationDimensions(contribution: OrganisationContribution): string[] {
  if (!contribution.counted) return [];
  return [
    "total",
    "organisations",
    ...(contribution.sector ? [`sector:${contribution.sector}`] : []),
    ...[...new Set(contribution.qualities)].map((q) => `quality:${q}`),
  ];
}

/** The deltas that turn one set of counters into another. */
function deltasBetween(before: string[], after: string[]) {
  const net = new Map<string, number>();
  for (const dimension of after) net.set(dimension, (net.get(dimension) ?? 0) + 1);
  for (const dimension of before) net.set(dimension, (net.get(dimension) ?? 0) - 1);
  return [...net].filter(([, delta]) => delta !== 0).map(([dimension, delta]) => ({ dimension, delta }));
}

async function writeDeltas(tx: Db, deltas: { dimension: string; delta: number }[]) {
  if (deltas.length) await tx.tallyDelta.createMany({ data: deltas });
}

/**
 * Any change to pledges (confirmed, withdrawn, done, a condition met or
 * lapsed): writes the difference between the counters they added before and
 * after, inside the caller's transaction, as one delta per counter.
 */
export async function recordPledgeChanges(tx: Db, changes: { before: PledgeFacts; after: PledgeFacts }[]) {
  await writeDeltas(
    tx,
    deltasBetween(
      changes.flatMap((c) => pledgeDimensions(c.before)),
      changes.flatMap((c) => pledgeDimensions(c.after)),
    ),
  );
}

/**
 * Brings an organisation's part of the tally up to date after any change to
 * its status or commitments: writes deltas for the difference between what it
 * adds now and what it added before, in the caller's transaction.
 */
export async function recountOrganisation(tx: Db, organisationId: string) {
  // FOR UPDATE: two changes to one organisation at once must not both count it.
  const [organisation] = await tx.$queryRaw<
    { status: string; sector_key: string; tally_contribution: Partial<OrganisationContribution> }[]
  >`
    SELECT status, sector_key, tally_contribution FROM organisation WHERE id = ${organisationId}::uuid FOR UPDATE`;
  if (!organisation) return;
  const commitments = await tx.commitment.findMany({
    where: { organisationId },
    select: { quality: true, status: true },
  });
  const now = organisationContribution({
    status: organisation.status,
    sectorKey: organisation.sector_key,
    commitments,
  });
  const before: OrganisationContribution = {
    counted: Boolean(organisation.tally_contribution.counted),
    qualities: organisation.tally_contribution.qualities ?? [],
    sector: organisation.tally_contribution.sector,
  };
  await writeDeltas(tx, deltasBetween(organisationDimensions(before), organisationDimensions(now)));
  await tx.organisation.update({ where: { id: organisationId }, data: { tallyContribution: now } });
}

/** Counters: what is rolled up plus what is pending, in one statement (one snapshot). */
const countsSql = (where = "") => `SELECT dimension, sum(count)::bigint AS count FROM (
    SELECT dimension, count FROM tally_counter ${where}
    UNION ALL
    SELECT dimension, delta FROM tally_delta ${where}
  ) AS c GROUP BY dimension`;
const READ_COUNTS_SQL = countsSql();
/** The city's counters: not the campaigns' own, nor the days (the series reads those). */
const READ_CITY_COUNTS_SQL = countsSql("WHERE dimension NOT LIKE 'campaign:%' AND dimension NOT LIKE 'day:%'");
/** The counters under one prefix: a campaign's (`campaign:<id>:`), or the days (`day:`). */
const READ_PREFIXED_COUNTS_SQL = countsSql("WHERE starts_with(dimension, $1)");

/**
 * Every counter as the rule gives it from the pledges and organisations
 * themselves. Pledges are read grouped by what the rule reads, so a million
 * pledges come back as a few hundred rows.
 */
async function recount(tx: Db) {
  const pledgeGroups = await tx.$queryRaw<
    {
      ward_code: string;
      qualities: string[];
      campaign_id: string | null;
      confirmed_on: string | null;
      withdrawn: boolean;
      done: boolean;
      conditional: boolean;
      condition_status: string | null;
      settled_on: string | null;
      n: number;
    }[]
  >`
    SELECT p.ward_code, p.qualities, p.campaign_id::text AS campaign_id,
           to_char(p.confirmed_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS confirmed_on,
           p.withdrawn_at IS NOT NULL AS withdrawn, p.done_at IS NOT NULL AS done, p.conditional,
           c.status AS condition_status, to_char(c.settled_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS settled_on,
           count(*)::int AS n
    FROM pledge p LEFT JOIN pledge_condition c ON c.id = p.condition_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
  const organisations = await tx.organisation.findMany({
    select: { id: true, status: true, sectorKey: true, commitments: { select: { quality: true, status: true } } },
  });
  const counts = new Map<string, number>();
  const add = (dimensions: string[], n: number) => {
    for (const dimension of dimensions) counts.set(dimension, (counts.get(dimension) ?? 0) + n);
  };
  for (const group of pledgeGroups) {
    add(
      pledgeDimensions({
        wardCode: group.ward_code,
        qualities: group.qualities,
        campaignId: group.campaign_id,
        confirmedOn: group.confirmed_on,
        withdrawn: group.withdrawn,
        done: group.done,
        conditional: group.conditional,
        condition: group.condition_status ? { status: group.condition_status, settledOn: group.settled_on } : null,
      }),
      group.n,
    );
  }
  const contributions = organisations.map((o) => ({ id: o.id, contribution: organisationContribution(o) }));
  for (const { contribution } of contributions) add(organisationDimensions(contribution), 1);
  return { counts, contributions };
}

// Arbitrary constant: only one roll-up runs at a time, whichever process tries.
const ROLLUP_LOCK = 727_000_002;

/** Folds pending deltas into the counters. Returns how many deltas it folded. */
export async function rollUpTally(): Promise<number> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const locked = await client.query("SELECT pg_try_advisory_xact_lock($1) AS ok", [ROLLUP_LOCK]);
    if (!locked.rows[0].ok) {
      await client.query("ROLLBACK");
      return 0;
    }
    const result = await client.query(
      `WITH folded AS (
         DELETE FROM tally_delta RETURNING dimension, delta
       ), sums AS (
         SELECT dimension, sum(delta)::bigint AS delta, count(*) AS n FROM folded GROUP BY dimension
       ), applied AS (
         INSERT INTO tally_counter (dimension, count, updated_at)
         SELECT dimension, delta, now() FROM sums
         ON CONFLICT (dimension) DO UPDATE
           SET count = tally_counter.count + EXCLUDED.count, updated_at = now()
       )
       SELECT coalesce(sum(n), 0)::int AS folded FROM sums`,
    );
    await client.query("COMMIT");
    return result.rows[0].folded as number;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Recounts every counter from the pledges and organisations themselves
 * (repair, bulk loads, example data), by the rule above.
 */
export async function rebuildTally() {
  await prisma.$transaction(
    async (tx) => {
      // The organisations first, as an organisation's change takes its row before it writes a delta:
      // the other order deadlocked with it. Reads go on; writes wait for the recount.
      await tx.$executeRaw`LOCK TABLE organisation, tally_delta, tally_counter IN EXCLUSIVE MODE`;
      const { counts, contributions } = await recount(tx);
      await tx.$executeRaw`DELETE FROM tally_delta`;
      await tx.$executeRaw`DELETE FROM tally_counter`;
      await tx.tallyCounter.createMany({
        data: [...counts]
          .filter(([, count]) => count !== 0)
          .map(([dimension, count]) => ({ dimension, count: BigInt(count) })),
      });
      if (contributions.length)
        await tx.$executeRaw`
        UPDATE organisation o SET tally_contribution = c.contribution
        FROM unnest(${contributions.map((c) => c.id)}::uuid[], ${contributions.map((c) => JSON.stringify(c.contribution))}::jsonb[])
          AS c(id, contribution)
        WHERE o.id = c.id`;
    },
    // Prisma's default of 5 s ends the transaction under a real count: 1,000,000 pledges took 9 s on
    // a busy 2-core machine and the benchmark's bulk load failed. A repair may take its time.
    { timeout: 10 * 60_000 },
  );
}

export type TallyDifference = { dimension: string; expected: number; stored: number };
export type TallyCheck = { pledges: number; organisations: number; counters: number; differences: TallyDifference[] };

/**
 * Compares every stored counter (rolled up and pending) with a full recount,
 * in one snapshot so changes made meanwhile cannot show as differences.
 * Reads only; `rebuildTally` repairs.
 */
export async function checkTally(): Promise<TallyCheck> {
  return prisma.$transaction(
    async (tx) => {
      const { counts: expected } = await recount(tx);
      const rows = await tx.$queryRawUnsafe<{ dimension: string; count: bigint }[]>(READ_COUNTS_SQL);
      const stored = new Map(rows.map((r) => [r.dimension, Number(r.count)]));
      const dimensions = [...new Set([...expected.keys(), ...stored.keys()])].sort();
      const differences = dimensions
        .map((dimension) => ({ dimension, expected: expected.get(dimension) ?? 0, stored: stored.get(dimension) ?? 0 }))
        .filter((d) => d.expected !== d.stored);
      return {
        pledges: expected.get("residents") ?? 0,
        organisations: expected.get("organisations") ?? 0,
        counters: dimensions.length,
        differences,
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 10 * 60_000 },
  );
}

export type TallyCounts = { count: (dimension: string) => number; dimensions: string[]; readAt: Date };

async function readCounts(prefix: string | null): Promise<TallyCounts> {
  const result = prefix
    ? await getPool().query<{ dimension: string; count: string }>({
        name: "read-prefixed-counts",
        text: READ_PREFIXED_COUNTS_SQL,
        values: [prefix],
      })
    : await getPool().query<{ dimension: string; count: string }>({
        name: "read-city-counts",
        text: READ_CITY_COUNTS_SQL,
      });
  const counts = new Map(result.rows.map((r) => [r.dimension, Number(r.count)]));
  return { count: (dimension) => counts.get(dimension) ?? 0, dimensions: [...counts.keys()], readAt: new Date() };
}

const counts = shortCache<TallyCounts>(() => getEnv().TALLY_CACHE_MS);

/**
 * Counters, reused for TALLY_CACHE_MS within a process: every visitor to the
 * home page needs them, and a sign-up spike must not turn into a read spike.
 * The key is the prefix read (a campaign's, the days'), or the city's.
 */
function cachedCounts(prefix: string | null): Promise<TallyCounts> {
  return counts(prefix ?? "", () => readCounts(prefix));
}

/** The city's counters (the campaigns' own and the days are read apart). */
export function getTallyCounts(): Promise<TallyCounts> {
  return cachedCounts(null);
}

/**
 * One campaign's counters, named as the city's are (`total`, `ward:<code>`,
 * `quality:<key>`, `waiting`, `day:<date>`…): a read of its few dozen rows,
 * whatever the number of pledges.
 */
export async function getCampaignCounts(campaignId: string): Promise<TallyCounts> {
  const prefix = `campaign:${campaignId}:`;
  const counts = await cachedCounts(prefix);
  return {
    count: (dimension) => counts.count(prefix + dimension),
    dimensions: counts.dimensions.map((d) => d.slice(prefix.length)),
    readAt: counts.readAt,
  };
}

export type DailyCount = { day: string; pledges: number };

/**
 * Pledges counted per day (Salford's days, by the day each began to count;
 * a withdrawn pledge leaves its day), from `from` to `to` inclusive, every day
 * present: the city's, or one campaign's.
 */
export async function getDailySeries(range: { from: string; to: string; campaignId?: string }): Promise<DailyCount[]> {
  const prefix = range.campaignId ? `campaign:${range.campaignId}:day:` : "day:";
  const counts = await cachedCounts(prefix);
  const series: DailyCount[] = [];
  for (let day = range.from; day <= range.to; day = shiftDay(day, 1))
    series.push({ day, pledges: counts.count(prefix + day) });
  return series;
}

function wardFiguresFrom(
  wards: Awaited<ReturnType<typeof listWards>>,
  count: TallyCounts["count"],
  filter: { quality?: QualityKey } = {},
): WardFigure[] {
  const suffix = filter.quality ? `:quality:${filter.quality}` : "";
  return wards.map((ward) => publishWardFigure(ward, count(`ward:${ward.code}${suffix}`)));
}

/** Every ward's published figures, for all pledges or those showing one quality: the city's, or one campaign's. */
export async function getWardFigures(
  filter: { quality?: QualityKey; campaignId?: string } = {},
): Promise<WardFigure[]> {
  const [wards, { count }] = await Promise.all([
    listWards(),
    filter.campaignId ? getCampaignCounts(filter.campaignId) : getTallyCounts(),
  ]);
  return wardFiguresFrom(wards, count, filter);
}

export type Tally = {
  total: number;
  residents: number;
  organisations: number;
  /** resident pledges their pledgers say are done */
  kept: number;
  /** conditional pledges confirmed and waiting for their condition: not in the total */
  waiting: number;
  byQuality: Record<QualityKey, number>;
  keptByQuality: Record<QualityKey, number>;
  /** counted organisations by sector */
  bySector: Record<string, number>;
  /** Suppressed below 5: see ward-figures.ts. */
  byWard: WardFigure[];
  target: number;
  updatedAt: string;
};

const byQualityFrom = (count: TallyCounts["count"], prefix = "") =>
  Object.fromEntries(QUALITY_KEYS.map((q) => [q, count(`${prefix}quality:${q}`)])) as Record<QualityKey, number>;

export async function getTally(): Promise<Tally> {
  // One read of the counts: the wards' figures and the totals come from the same snapshot.
  const [wards, { count, readAt }] = await Promise.all([listWards(), getTallyCounts()]);
  return {
    total: count("total"),
    residents: count("residents"),
    organisations: count("organisations"),
    kept: count("kept"),
    waiting: count("waiting"),
    byQuality: byQualityFrom(count),
    keptByQuality: byQualityFrom(count, "kept:"),
    bySector: Object.fromEntries(SECTORS.map((s) => [s.key, count(`sector:${s.key}`)])) as Record<string, number>,
    byWard: wardFiguresFrom(wards, count),
    target: getEnv().TALLY_TARGET,
    updatedAt: readAt.toISOString(),
  };
}

export type CampaignTally = {
  total: number;
  kept: number;
  waiting: number;
  byQuality: Record<QualityKey, number>;
  /** Suppressed below 5, as the city's. */
  byWard: WardFigure[];
  updatedAt: string;
};

/** One campaign's own tally, from its counters alone. */
export async function getCampaignTally(
  campaignId: string,
  filter: { quality?: QualityKey } = {},
): Promise<CampaignTally> {
  const [wards, { count, readAt }] = await Promise.all([listWards(), getCampaignCounts(campaignId)]);
  return {
    total: count("total"),
    kept: count("kept"),
    waiting: count("waiting"),
    byQuality: byQualityFrom(count),
    byWard: wardFiguresFrom(wards, count, filter),
    updatedAt: readAt.toISOString(),
  };
}
