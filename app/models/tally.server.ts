import { Prisma } from "~/generated/prisma/client";
import { QUALITY_KEYS, type QualityKey } from "~/reference/qualities";
import { getPool, prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
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

/** What the rule reads of a pledge. */
export type PledgeState = {
  wardCode: string;
  qualities: string[];
  confirmed: boolean;
  withdrawn: boolean;
  done: boolean;
};

/**
 * The counters one pledge adds 1 to: a confirmed pledge that is not withdrawn
 * counts in the total, as a resident's, in its ward, under each of its
 * qualities and in its ward under each; and, once its pledger says it is done,
 * as kept (overall and under each quality).
 */
export function pledgeDimensions(pledge: PledgeState): string[] {
  if (!pledge.confirmed || pledge.withdrawn) return [];
  const qualities = [...new Set(pledge.qualities)];
  const ward = `ward:${pledge.wardCode}`;
  return [
    "total",
    "residents",
    ward,
    ...qualities.map((q) => `quality:${q}`),
    // Ward by quality, for the map's quality filter.
    ...qualities.map((q) => `${ward}:quality:${q}`),
    ...(pledge.done ? ["kept", ...qualities.map((q) => `kept:quality:${q}`)] : []),
  ];
}

/** What an organisation adds to the tally; kept on the organisation so a change writes only the difference. */
export type OrganisationContribution = { counted: boolean; qualities: string[] };

/** A verified organisation with at least one active commitment counts, once, under the qualities of its active commitments. */
export function organisationContribution(organisation: {
  status: string;
  commitments: { quality: string; status: string }[];
}): OrganisationContribution {
  const active = organisation.commitments.filter((c) => c.status === "active");
  if (organisation.status !== "verified" || active.length === 0) return { counted: false, qualities: [] };
  return { counted: true, qualities: [...new Set(active.map((c) => c.quality))].sort() };
}

/** The counters an organisation's contribution adds 1 to (organisations are pins on the map, never ward counts). */
export function organisationDimensions(contribution: OrganisationContribution): string[] {
  if (!contribution.counted) return [];
  return ["total", "organisations", ...[...new Set(contribution.qualities)].map((q) => `quality:${q}`)];
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

export type TallyPledge = { wardCode: string; qualities: string[] };

const unconfirmed = (pledge: TallyPledge): PledgeState => ({
  ...pledge,
  confirmed: false,
  withdrawn: false,
  done: false,
});
const counting = (pledge: TallyPledge, done: boolean): PledgeState => ({
  ...pledge,
  confirmed: true,
  withdrawn: false,
  done,
});

/**
 * A pledge is confirmed (+1) or withdrawn (-1): writes what that changes,
 * inside the caller's transaction. Whether it was kept is recordKeptChange's.
 */
export async function recordTallyChange(tx: Db, pledge: TallyPledge, delta: 1 | -1) {
  const [before, after] = [pledgeDimensions(unconfirmed(pledge)), pledgeDimensions(counting(pledge, false))];
  await writeDeltas(tx, delta === 1 ? deltasBetween(before, after) : deltasBetween(after, before));
}

/** A counted pledge its pledger says is done counts as kept (+1), or stops (-1) when withdrawn. */
export async function recordKeptChange(tx: Db, pledge: TallyPledge, delta: 1 | -1) {
  const [before, after] = [pledgeDimensions(counting(pledge, false)), pledgeDimensions(counting(pledge, true))];
  await writeDeltas(tx, delta === 1 ? deltasBetween(before, after) : deltasBetween(after, before));
}

/**
 * Brings an organisation's part of the tally up to date after any change to
 * its status or commitments: writes deltas for the difference between what it
 * adds now and what it added before, in the caller's transaction.
 */
export async function recountOrganisation(tx: Db, organisationId: string) {
  // FOR UPDATE: two changes to one organisation at once must not both count it.
  const [organisation] = await tx.$queryRaw<
    { status: string; tally_contribution: Partial<OrganisationContribution> }[]
  >`
    SELECT status, tally_contribution FROM organisation WHERE id = ${organisationId}::uuid FOR UPDATE`;
  if (!organisation) return;
  const commitments = await tx.commitment.findMany({
    where: { organisationId },
    select: { quality: true, status: true },
  });
  const now = organisationContribution({ status: organisation.status, commitments });
  const before: OrganisationContribution = {
    counted: Boolean(organisation.tally_contribution.counted),
    qualities: organisation.tally_contribution.qualities ?? [],
  };
  await writeDeltas(tx, deltasBetween(organisationDimensions(before), organisationDimensions(now)));
  await tx.organisation.update({ where: { id: organisationId }, data: { tallyContribution: now } });
}

/** Every counter: what is rolled up plus what is pending, in one statement (one snapshot). */
const READ_COUNTS_SQL = `SELECT dimension, sum(count)::bigint AS count FROM (
    SELECT dimension, count FROM tally_counter
    UNION ALL
    SELECT dimension, delta FROM tally_delta
  ) AS c GROUP BY dimension`;

/**
 * Every counter as the rule gives it from the pledges and organisations
 * themselves. Pledges are read grouped by what the rule reads, so a million
 * pledges come back as a few hundred rows.
 */
async function recount(tx: Db) {
  const pledgeGroups = await tx.$queryRaw<
    { ward_code: string; qualities: string[]; confirmed: boolean; withdrawn: boolean; done: boolean; n: number }[]
  >`
    SELECT ward_code, qualities, confirmed_at IS NOT NULL AS confirmed, withdrawn_at IS NOT NULL AS withdrawn,
           done_at IS NOT NULL AS done, count(*)::int AS n
    FROM pledge GROUP BY 1, 2, 3, 4, 5`;
  const organisations = await tx.organisation.findMany({
    select: { id: true, status: true, commitments: { select: { quality: true, status: true } } },
  });
  const counts = new Map<string, number>();
  const add = (dimensions: string[], n: number) => {
    for (const dimension of dimensions) counts.set(dimension, (counts.get(dimension) ?? 0) + n);
  };
  for (const group of pledgeGroups) {
    const { ward_code: wardCode, qualities, confirmed, withdrawn, done, n } = group;
    add(pledgeDimensions({ wardCode, qualities, confirmed, withdrawn, done }), n);
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

export type Tally = {
  total: number;
  residents: number;
  organisations: number;
  /** resident pledges their pledgers say are done */
  kept: number;
  byQuality: Record<QualityKey, number>;
  keptByQuality: Record<QualityKey, number>;
  /** Suppressed below 5: see ward-figures.ts. */
  byWard: WardFigure[];
  target: number;
  updatedAt: string;
};

async function readCounts() {
  const result = await getPool().query<{ dimension: string; count: string }>(READ_COUNTS_SQL);
  return new Map(result.rows.map((r) => [r.dimension, Number(r.count)]));
}

export type TallyCounts = { count: (dimension: string) => number; readAt: Date };

async function computeCounts(): Promise<TallyCounts> {
  const counts = await readCounts();
  return { count: (dimension) => counts.get(dimension) ?? 0, readAt: new Date() };
}

let cached: { at: number; counts: Promise<TallyCounts> } | undefined;

/**
 * Every counter, reused for TALLY_CACHE_MS within a process: every visitor to
 * the home page needs it, and a sign-up spike must not turn into a read spike.
 */
export function getTallyCounts(): Promise<TallyCounts> {
  const maxAge = getEnv().TALLY_CACHE_MS;
  const now = Date.now();
  if (!cached || now - cached.at >= maxAge) {
    const counts = computeCounts();
    cached = { at: now, counts };
    counts.catch(() => {
      if (cached?.counts === counts) cached = undefined;
    });
  }
  return cached.counts;
}

function wardFiguresFrom(
  wards: Awaited<ReturnType<typeof listWards>>,
  count: TallyCounts["count"],
  filter: { quality?: QualityKey } = {},
): WardFigure[] {
  const suffix = filter.quality ? `:quality:${filter.quality}` : "";
  return wards.map((ward) => publishWardFigure(ward, count(`ward:${ward.code}${suffix}`)));
}

/** Every ward's published figures, for all pledges or those showing one quality. */
export async function getWardFigures(filter: { quality?: QualityKey } = {}): Promise<WardFigure[]> {
  const [wards, { count }] = await Promise.all([listWards(), getTallyCounts()]);
  return wardFiguresFrom(wards, count, filter);
}

export async function getTally(): Promise<Tally> {
  // One read of the counts: the wards' figures and the totals come from the same snapshot.
  const [wards, { count, readAt }] = await Promise.all([listWards(), getTallyCounts()]);
  const byWard = wardFiguresFrom(wards, count);
  return {
    total: count("total"),
    residents: count("residents"),
    organisations: count("organisations"),
    kept: count("kept"),
    byQuality: Object.fromEntries(QUALITY_KEYS.map((q) => [q, count(`quality:${q}`)])) as Record<QualityKey, number>,
    keptByQuality: Object.fromEntries(QUALITY_KEYS.map((q) => [q, count(`kept:quality:${q}`)])) as Record<
      QualityKey,
      number
    >,
    byWard,
    target: getEnv().TALLY_TARGET,
    updatedAt: readAt.toISOString(),
  };
}
