import type { Prisma } from "~/generated/prisma/client";
import { QUALITY_BY_KEY, type QualityKey } from "~/reference/qualities";
import { prisma } from "~/utils/db.server";
import type { ConfirmPledgeProps } from "../../emails/confirm-pledge";
import { queueEmail } from "./email-queue.server";
import { appUrl } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { normaliseEmail } from "~/utils/email-address";
import { createToken, hashToken } from "~/utils/token.server";
import { VISIBLE } from "./moderation";
import { firstName } from "./pledge";
import { PUBLIC_PLEDGE_INCLUDE, toPublicPledge, type PublicPledge } from "./pledge-read.server";
import { joinCondition, settleCondition, tellLateSigner } from "./pledge-condition.server";
import { pledgeFacts, recordPledgeChanges } from "./tally.server";

/*
 * A pledge's confirmation: the emailed link, confirming it, sending the link
 * again (the confirmation_resend_request queue), and deleting pledges never
 * confirmed while their link was valid.
 */

export const CONFIRM_TOKEN_DAYS = 7;

function qualityNames(qualities: string[]) {
  return qualities.map((q) => QUALITY_BY_KEY.get(q as QualityKey)?.name ?? q);
}

/** A fresh confirmation link for a pledge, and the email that carries it. */
export function newConfirmation(pledge: { name: string; commitment: string; qualities: string[] }) {
  const { token, hash } = createToken();
  const expiresAt = new Date(Date.now() + CONFIRM_TOKEN_DAYS * 24 * 3600 * 1000);
  const email: ConfirmPledgeProps = {
    name: firstName(pledge.name),
    commitment: pledge.commitment,
    qualityNames: qualityNames(pledge.qualities),
    confirmUrl: appUrl(`/confirm/${token}`),
    expiresAt: expiresAt.toISOString(),
  };
  return { hash, expiresAt, email };
}

export type ConfirmationState =
  /** held: the filter caught its words, which the public will see once a moderator has looked */
  | { status: "pending"; pledge: PublicPledge; held: boolean }
  // No email address: anyone holding an old link (a forwarded email, a shared screen) would see it.
  | { status: "expired" }
  | { status: "invalid" };

/** What the emailed link shows, without changing anything (GET is safe). */
export async function getPledgeByConfirmToken(token: string): Promise<ConfirmationState> {
  const pledge = await prisma.pledge.findUnique({
    where: { confirmTokenHash: hashToken(token) },
    include: PUBLIC_PLEDGE_INCLUDE,
  });
  if (!pledge || pledge.confirmedAt) return { status: "invalid" };
  if (pledge.confirmTokenExpiresAt && pledge.confirmTokenExpiresAt < new Date()) return { status: "expired" };
  // The link was emailed to its pledger: their own words, even while the filter holds them.
  return {
    status: "pending",
    pledge: toPublicPledge(pledge, { asOwner: true }),
    held: pledge.moderation !== VISIBLE,
  };
}

/**
 * Confirms the pledge the token belongs to: counts it in the tally and queues
 * the welcome email, all in one transaction. The token is spent.
 */
export async function confirmPledge(token: string) {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const pledge = await tx.pledge.findUnique({
      where: { confirmTokenHash: hashToken(token) },
      include: { ward: { select: { name: true } }, campaign: { select: { name: true } } },
    });
    if (!pledge || pledge.confirmedAt) return { status: "invalid" as const };
    if (pledge.confirmTokenExpiresAt && pledge.confirmTokenExpiresAt < now) return { status: "expired" as const };
    // A conditional pledge joins (and locks) its condition before anything else, as every change to one does.
    const condition = pledge.conditional ? await joinCondition(tx, pledge) : null;
    // A campaign that stopped offering conditions: the pledge counts as a plain one.
    const conditional = condition !== null;
    // The condition makes two simultaneous presses confirm once, and counts the pledge as it was read:
    // signing again in between (new ward, qualities and link) leaves this link nothing to confirm.
    const { count } = await tx.pledge.updateMany({
      where: { id: pledge.id, confirmedAt: null, confirmTokenHash: pledge.confirmTokenHash },
      data: {
        confirmedAt: now,
        confirmTokenHash: null,
        confirmTokenExpiresAt: null,
        updatedAt: now,
        conditional,
        conditionId: condition?.id ?? null,
      },
    });
    if (count === 0) return { status: "invalid" as const };
    const confirmed = { ...pledge, confirmedAt: now, conditional };
    const conditionState = condition && { status: condition.status, settledAt: condition.settled_at };
    await recordPledgeChanges(tx, [
      { before: pledgeFacts(pledge, null), after: pledgeFacts(confirmed, conditionState) },
    ]);
    // Settled now if this pledge completes it (everyone in it hears "It's on") or its deadline has passed.
    const conditionStatus = condition ? await settleCondition(tx, condition, now) : null;
    // Lapsed before this link was pressed: the others heard then; this pledger hears now.
    if (condition?.status === "lapsed") await tellLateSigner(tx, condition, pledge.id);
    // A lapsed condition's "Not this time" email says all there is to say.
    if (conditionStatus !== "lapsed")
      await queueEmail(tx, {
        template: "pledge-confirmed",
        to: pledge.email,
        pledgeId: pledge.id,
        props: {
          name: firstName(pledge.name),
          commitment: pledge.commitment,
          wardName: pledge.ward.name,
          pledgeUrl: appUrl(`/pledges/${pledge.id}`),
          campaignName: pledge.campaign?.name,
          waitingFor:
            condition && conditionStatus === "waiting"
              ? { threshold: condition.threshold, deadline: condition.deadline.toISOString() }
              : undefined,
        },
      });
    return { status: "confirmed" as const, pledgeId: pledge.id };
  });
}

/**
 * Sends a fresh confirmation link for every unconfirmed pledge made with this
 * email, inside the caller's transaction. Says nothing about whether there were any.
 */
async function resendConfirmationIn(tx: Prisma.TransactionClient, email: string) {
  const pending = await tx.pledge.findMany({
    where: { emailNormalised: normaliseEmail(email), confirmedAt: null },
    take: 10,
  });
  for (const pledge of pending) {
    const { hash, expiresAt, email } = newConfirmation(pledge);
    await tx.pledge.update({
      where: { id: pledge.id },
      data: { confirmTokenHash: hash, confirmTokenExpiresAt: expiresAt, updatedAt: new Date() },
    });
    await queueEmail(tx, { template: "confirm-pledge", to: pledge.email, pledgeId: pledge.id, props: email });
  }
  return pending.length;
}

/**
 * Queues "send the confirmation email again" for the worker. One insert,
 * whatever the address: answering inline took 30-53 ms for an address with
 * pending pledges and 5-12 ms for one without, which told anyone timing the
 * page who had pledged.
 */
export async function requestConfirmationResend(email: string) {
  await prisma.confirmationResendRequest.create({ data: { email: email.trim() } });
}

/**
 * The worker's half: answers queued resend requests, oldest first. Each is
 * answered and deleted in one transaction, locked with SKIP LOCKED, so any
 * number of workers can share the queue, a worker that dies mid-way loses
 * nothing (the request stays), and none is answered twice. One that keeps
 * failing is logged and left for the next round without holding up the rest.
 */
export async function processConfirmationResends(limit = 100) {
  const queued = await prisma.confirmationResendRequest.findMany({
    select: { id: true },
    orderBy: { id: "asc" },
    take: limit,
  });
  let requests = 0;
  let emails = 0;
  for (const { id } of queued) {
    try {
      const sent = await prisma.$transaction(async (tx) => {
        const [request] = await tx.$queryRaw<{ email: string }[]>`
          SELECT email FROM confirmation_resend_request WHERE id = ${id} FOR UPDATE SKIP LOCKED`;
        if (!request) return null;
        const count = await resendConfirmationIn(tx, request.email);
        await tx.confirmationResendRequest.delete({ where: { id } });
        return count;
      });
      if (sent === null) continue;
      requests += 1;
      emails += sent;
    } catch (error) {
      logger.error({ err: (error as Error).message, request: id }, "confirmation resend failed");
    }
  }
  return { requests, emails };
}

/**
 * Deletes pledges never confirmed within the 7 days their link was valid, and
 * the moderators' queue entries of those the filter held (nothing left to review).
 */
export async function purgeUnconfirmedPledges(now = new Date()) {
  const cutoff = new Date(now.getTime() - CONFIRM_TOKEN_DAYS * 24 * 3600 * 1000);
  const [{ count }] = await prisma.$queryRaw<[{ count: number }]>`
    WITH gone AS (
      DELETE FROM pledge WHERE confirmed_at IS NULL AND created_at < ${cutoff} RETURNING id
    ), unqueued AS (
      DELETE FROM moderation_item m USING gone WHERE m.kind = 'pledge' AND m.item_id = gone.id
    )
    SELECT count(*)::int AS count FROM gone`;
  return count;
}
