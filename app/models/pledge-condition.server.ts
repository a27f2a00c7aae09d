import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { conditionalOffer } from "./campaign";
import { queueEmail } from "./email-queue.server";
import { firstName } from "./pledge";
import { pledgeFacts, recordPledgeChanges } from "./tally.server";
import { SMALL_NUMBER_THRESHOLD } from "./ward-figures";

/*
 * Conditional pledges ("I will, but only if N others will too"): they wait in
 * a condition, the campaign's or one ward's within it, counted apart until N
 * confirmed signers are in it; then every one of them counts from that moment
 * and gets one "It's on" email. If the deadline comes first, each gets one
 * "Not this time" email and none ever counts.
 *
 * Exactly once: every change to a condition or to a pledge in it takes the
 * condition's row first (FOR UPDATE to settle or join it, FOR SHARE to
 * withdraw or mark done), so two confirmations landing together settle it one
 * after the other, and the second sees the first's.
 */

type Db = Prisma.TransactionClient;
export type ConditionRow = {
  id: string;
  campaign_id: string;
  ward_code: string;
  threshold: number;
  deadline: Date;
  status: string;
  settled_at: Date | null;
};

/** Locks a condition's row for the rest of the transaction and reads it as it now is. */
export async function lockCondition(tx: Db, id: string, mode: "update" | "share" = "update") {
  const rows =
    mode === "update"
      ? await tx.$queryRaw<ConditionRow[]>`SELECT * FROM pledge_condition WHERE id = ${id}::uuid FOR UPDATE`
      : await tx.$queryRaw<ConditionRow[]>`SELECT * FROM pledge_condition WHERE id = ${id}::uuid FOR SHARE`;
  return rows[0] ?? null;
}

/**
 * The condition a conditional pledge of this campaign (in this ward) joins as
 * it is confirmed, made on first use with the campaign's threshold and
 * deadline, and locked. Null when the campaign no longer offers conditions.
 */
export async function joinCondition(tx: Db, pledge: { campaignId: string | null; wardCode: string }) {
  if (!pledge.campaignId) return null;
  // FOR SHARE: an admin saving a new threshold or deadline (which takes the campaign's row) either
  // finishes first, so a new condition gets the new figures, or waits, and then reaches this one.
  await tx.$queryRaw`SELECT 1 FROM campaign WHERE id = ${pledge.campaignId}::uuid FOR SHARE`;
  const campaign = await tx.campaign.findUnique({ where: { id: pledge.campaignId } });
  const offer = campaign && conditionalOffer(campaign);
  if (!offer) return null;
  const wardCode = offer.scope === "ward" ? pledge.wardCode : "";
  await tx.$executeRaw`
    INSERT INTO pledge_condition (id, campaign_id, ward_code, threshold, deadline)
    VALUES (${randomUUID()}::uuid, ${pledge.campaignId}::uuid, ${wardCode}, ${offer.threshold}, ${new Date(offer.deadline)})
    ON CONFLICT (campaign_id, ward_code) DO NOTHING`;
  const [row] = await tx.$queryRaw<ConditionRow[]>`
    SELECT * FROM pledge_condition WHERE campaign_id = ${pledge.campaignId}::uuid AND ward_code = ${wardCode} FOR UPDATE`;
  return row!;
}

/** Confirmed signers still standing by their pledge in a condition. */
async function signersOf(tx: Db, conditionId: string) {
  return tx.pledge.findMany({
    where: { conditionId, confirmedAt: { not: null }, withdrawnAt: null },
    include: { ward: { select: { name: true } }, campaign: { select: { name: true, slug: true } } },
    orderBy: { confirmedAt: "asc" },
  });
}

/**
 * Settles a waiting condition whose row the caller has locked: switches it on
 * when it has enough signers (before its deadline), lapses it when its
 * deadline has passed; otherwise leaves it waiting. Returns its status after.
 */
export async function settleCondition(tx: Db, condition: ConditionRow, now = new Date()) {
  if (condition.status !== "waiting") return condition.status;
  const lapsed = condition.deadline <= now;
  const signers = await signersOf(tx, condition.id);
  if (!lapsed && signers.length < condition.threshold) return "waiting";
  const status = lapsed ? "lapsed" : "on";
  await tx.$executeRaw`UPDATE pledge_condition SET status = ${status}, settled_at = ${now} WHERE id = ${condition.id}::uuid`;
  const waiting = { status: "waiting", settledAt: null };
  const settled = { status, settledAt: now };
  await recordPledgeChanges(
    tx,
    signers.map((p) => ({ before: pledgeFacts(p, waiting), after: pledgeFacts(p, settled) })),
  );
  // Example pledges (seeded, @example.org) count like any other but are never emailed.
  for (const pledge of signers)
    await queueConditionEmail(tx, status === "on" ? "condition-met" : "condition-lapsed", pledge, {
      signers: signers.length,
      threshold: condition.threshold,
    });
  return status;
}

type SignerRow = Awaited<ReturnType<typeof signersOf>>[number];

/** "It's on" or "Not this time" to one signer; example pledges (seeded, @example.org) are never emailed. */
async function queueConditionEmail(
  tx: Db,
  template: "condition-met" | "condition-lapsed",
  pledge: SignerRow,
  counts: { signers: number; threshold: number },
) {
  if (pledge.isExample) return;
  const props = {
    name: firstName(pledge.name),
    commitment: pledge.commitment,
    campaignName: pledge.campaign?.name ?? "",
    campaignUrl: appUrl(`/campaigns/${pledge.campaign?.slug ?? ""}`),
    pledgeUrl: appUrl(`/pledges/${pledge.id}`),
    ...counts,
  };
  await queueEmail(tx, { template, to: pledge.email, pledgeId: pledge.id, props });
}

/**
 * A pledge confirmed into a condition that had already lapsed (signed before
 * the deadline, its link pressed after): it never counts, and its pledger
 * hears so once, as the others did.
 */
export async function tellLateSigner(tx: Db, condition: ConditionRow, pledgeId: string) {
  const signers = await signersOf(tx, condition.id);
  const pledge = signers.find((p) => p.id === pledgeId);
  if (pledge)
    await queueConditionEmail(tx, "condition-lapsed", pledge, {
      signers: signers.length - 1,
      threshold: condition.threshold,
    });
}

/**
 * The worker's half: lapses conditions whose deadline has passed and settles
 * any a campaign's change (a lower threshold) has met, one transaction each;
 * SKIP LOCKED lets several workers share them.
 */
export async function settleDueConditions(now = new Date()) {
  const due = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM pledge_condition c
    WHERE c.status = 'waiting' AND (c.deadline <= ${now} OR c.threshold <= (
      SELECT count(*) FROM pledge p WHERE p.condition_id = c.id AND p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL))
    ORDER BY c.deadline LIMIT 100`;
  let settled = 0;
  for (const { id } of due) {
    try {
      const status = await prisma.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<ConditionRow[]>`
          SELECT * FROM pledge_condition WHERE id = ${id}::uuid AND status = 'waiting' FOR UPDATE SKIP LOCKED`;
        return row ? settleCondition(tx, row, now) : "waiting";
      });
      if (status !== "waiting") settled += 1;
    } catch (error) {
      logger.error({ err: (error as Error).message, condition: id }, "settling a condition failed");
    }
  }
  return settled;
}

/** A campaign's new threshold and deadline reach the conditions still waiting in it (the worker settles any now met). */
export async function updateWaitingConditions(
  tx: Db,
  campaignId: string,
  offer: { threshold: number; deadline: Date },
) {
  await tx.$executeRaw`
    UPDATE pledge_condition SET threshold = ${offer.threshold}, deadline = ${offer.deadline}
    WHERE campaign_id = ${campaignId}::uuid AND status = 'waiting'`;
}

export type ConditionProgress = {
  wardCode: string;
  /**
   * Confirmed signers standing by their pledge; null below 5 in a ward's
   * condition, as any ward's count (ward-figures.ts). A whole campaign's is
   * always given.
   */
  signers: number | null;
  fewerThan5: boolean;
  threshold: number;
  deadline: string;
  status: string;
  settledAt: string | null;
};

function progressOf(row: ConditionRow & { signers: number }): ConditionProgress {
  const fewerThan5 = row.ward_code !== "" && row.signers < SMALL_NUMBER_THRESHOLD;
  return {
    wardCode: row.ward_code,
    signers: fewerThan5 ? null : row.signers,
    fewerThan5,
    threshold: row.threshold,
    deadline: row.deadline.toISOString(),
    status: row.status,
    settledAt: row.settled_at?.toISOString() ?? null,
  };
}

/** "x of N", as published, for every condition of a campaign (a ward's, or the whole campaign's: wardCode ""). */
export async function listConditionProgress(campaignId: string): Promise<ConditionProgress[]> {
  const rows = await prisma.$queryRaw<(ConditionRow & { signers: number })[]>`
    SELECT c.*, (SELECT count(*)::int FROM pledge p
                 WHERE p.condition_id = c.id AND p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL) AS signers
    FROM pledge_condition c WHERE c.campaign_id = ${campaignId}::uuid ORDER BY c.ward_code`;
  return rows.map(progressOf);
}

/** "x of N" for the condition one pledge waits in; null for a plain pledge. */
export async function getConditionProgress(conditionId: string | null): Promise<ConditionProgress | null> {
  if (!conditionId) return null;
  const rows = await prisma.$queryRaw<(ConditionRow & { signers: number })[]>`
    SELECT c.*, (SELECT count(*)::int FROM pledge p
                 WHERE p.condition_id = c.id AND p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL) AS signers
    FROM pledge_condition c WHERE c.id = ${conditionId}::uuid`;
  return rows[0] ? progressOf(rows[0]) : null;
}
