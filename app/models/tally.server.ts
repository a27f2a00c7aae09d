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

export type TallyPledge = { kind: string; wardCode: string; qualities: string[] };

function dimensionsOf(pledge: TallyPledge) {
  return [
    "total",
    pledge.kind === "organisation" ? "organisations" : "residents",
    `ward:${pledge.wardCode}`,
    ...pledge.qualities.map((q) => `quality:${q}`),
    // Ward by quality, for the map's quality filter.
    ...pledge.qualities.map((q) => `ward:${pledge.wardCode}:quality:${q}`),
  ];
}

/** Counts a pledge in (+1) or out (-1) of the tally, inside the caller's transaction. */
export async function recordTallyChange(tx: Db, pledge: TallyPledge, delta: 1 | -1) {
  await tx.tallyDelta.createMany({ data: dimensionsOf(pledge).map((dimension) => ({ dimension, delta })) });
}

/** A pledge its pledger says is done counts as "kept" (+1), or stops (-1) if withdrawn. */
export async function recordKeptChange(tx: Db, pledge: Pick<TallyPledge, "qualities">, delta: 1 | -1) {
  await tx.tallyDelta.createMany({
    data: ["kept", ...pledge.qualities.map((q) => `kept:quality:${q}`)].map((dimension) => ({ dimension, delta })),
  });
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
 * (repair, bulk loads, example data), by the rule in docs/tally.md.
 */
export async function rebuildTally() {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE tally_delta, tally_counter IN EXCLUSIVE MODE`;
    await tx.$executeRaw`DELETE FROM tally_delta`;
    await tx.$executeRaw`DELETE FROM tally_counter`;
    await tx.$executeRaw`
      WITH counted AS (
        SELECT * FROM pledge WHERE confirmed_at IS NOT NULL AND withdrawn_at IS NULL
      ), organisations AS (
        SELECT o.id, array_agg(DISTINCT c.quality) AS qualities
        FROM organisation o JOIN commitment c ON c.organisation_id = o.id AND c.status = 'active'
        WHERE o.status = 'verified'
        GROUP BY o.id
      )
      INSERT INTO tally_counter (dimension, count)
      SELECT dimension, count(*) FROM (
        SELECT 'total' AS dimension FROM counted
        UNION ALL SELECT 'residents' FROM counted
        UNION ALL SELECT 'ward:' || ward_code FROM counted
        UNION ALL SELECT 'quality:' || q FROM counted, unnest(qualities) AS q
        UNION ALL SELECT 'ward:' || ward_code || ':quality:' || q FROM counted, unnest(qualities) AS q
        UNION ALL SELECT 'kept' FROM counted WHERE done_at IS NOT NULL
        UNION ALL SELECT 'kept:quality:' || q FROM counted, unnest(qualities) AS q WHERE done_at IS NOT NULL
        UNION ALL SELECT 'total' FROM organisations
        UNION ALL SELECT 'organisations' FROM organisations
        UNION ALL SELECT 'quality:' || q FROM organisations, unnest(qualities) AS q
      ) AS dims
      GROUP BY dimension`;
    await tx.$executeRaw`
      UPDATE organisation o SET tally_contribution = coalesce(
        (SELECT jsonb_build_object('counted', true, 'qualities', to_jsonb(array_agg(DISTINCT c.quality ORDER BY c.quality)))
         FROM commitment c WHERE c.organisation_id = o.id AND c.status = 'active' AND o.status = 'verified'
         HAVING count(*) > 0),
        '{"counted": false, "qualities": []}'::jsonb)`;
  },
  // Prisma's default of 5 s ends the transaction under a real count: 1,000,000 pledges took 9 s on
  // a busy 2-core machine and the benchmark's bulk load failed. A repair may take its time.
  { timeout: 10 * 60_000 });
}

export type OrganisationContribution = { counted: boolean; qualities: string[] };

/**
 * Brings an organisation's part of the tally up to date after any change to
 * its status or commitments: writes deltas for the difference between what it
 * adds now and what it added before, in the caller's transaction.
 */
export async function recountOrganisation(tx: Db, organisationId: string) {
  // FOR UPDATE: two changes to one organisation at once must not both count it.
  const [organisation] = await tx.$queryRaw<{ status: string; tally_contribution: Partial<OrganisationContribution> }[]>`
    SELECT status, tally_contribution FROM organisation WHERE id = ${organisationId}::uuid FOR UPDATE`;
  if (!organisation) return;
  const active = await tx.commitment.findMany({
    where: { organisationId, status: "active" },
    select: { quality: true },
    distinct: ["quality"],
  });
  const now: OrganisationContribution =
    organisation.status === "verified" && active.length > 0
      ? { counted: true, qualities: active.map((c) => c.quality).sort() }
      : { counted: false, qualities: [] };
  const before: OrganisationContribution = {
    counted: Boolean(organisation.tally_contribution.counted),
    qualities: organisation.tally_contribution.qualities ?? [],
  };
  const deltas: { dimension: string; delta: number }[] = [];
  if (now.counted !== before.counted) {
    const delta = now.counted ? 1 : -1;
    deltas.push({ dimension: "total", delta }, { dimension: "organisations", delta });
  }
  for (const q of now.qualities) if (!before.qualities.includes(q)) deltas.push({ dimension: `quality:${q}`, delta: 1 });
  for (const q of before.qualities) if (!now.qualities.includes(q)) deltas.push({ dimension: `quality:${q}`, delta: -1 });
  if (deltas.length) await tx.tallyDelta.createMany({ data: deltas });
  await tx.organisation.update({ where: { id: organisationId }, data: { tallyContribution: now } });
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
  const result = await getPool().query<{ dimension: string; count: string }>(
    `SELECT dimension, sum(count)::bigint AS count FROM (
       SELECT dimension, count FROM tally_counter
       UNION ALL
       SELECT dimension, delta FROM tally_delta
     ) AS c GROUP BY dimension`,
  );
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

/** Every ward's published figures, for all pledges or those showing one quality. */
export async function getWardFigures(filter: { quality?: QualityKey } = {}): Promise<WardFigure[]> {
  const [wards, { count }] = await Promise.all([listWards(), getTallyCounts()]);
  const suffix = filter.quality ? `:quality:${filter.quality}` : "";
  return wards.map((ward) => publishWardFigure(ward, count(`ward:${ward.code}${suffix}`)));
}

export async function getTally(): Promise<Tally> {
  const [byWard, { count, readAt }] = await Promise.all([getWardFigures(), getTallyCounts()]);
  return {
    total: count("total"),
    residents: count("residents"),
    organisations: count("organisations"),
    kept: count("kept"),
    byQuality: Object.fromEntries(QUALITY_KEYS.map((q) => [q, count(`quality:${q}`)])) as Record<QualityKey, number>,
    keptByQuality: Object.fromEntries(QUALITY_KEYS.map((q) => [q, count(`kept:quality:${q}`)])) as Record<QualityKey, number>,
    byWard,
    target: getEnv().TALLY_TARGET,
    updatedAt: readAt.toISOString(),
  };
}
