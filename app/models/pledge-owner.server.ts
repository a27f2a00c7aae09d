import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { holdForReview, screen } from "./moderation.server";
import { VISIBLE } from "./moderation";
import { commitmentKey } from "./pledge-signup.server";
import { lockCondition } from "./pledge-condition.server";
import { pledgeFacts, recordPledgeChanges } from "./tally.server";

/*
 * A signed-in pledger's own pledges: listing them (their own words, even while
 * held or hidden), rewording, marking done, withdrawing.
 */

/** A signed-in pledger's own pledges (matched by their normalised email), newest first. */
export async function listOwnPledges(email: string) {
  return prisma.pledge.findMany({
    where: { emailNormalised: normaliseEmail(email), confirmedAt: { not: null } },
    include: { ward: { select: { name: true, slug: true } } },
    orderBy: { confirmedAt: "desc" },
  });
}

/** Finds a pledge only if it belongs to this address: anyone else gets nothing. */
async function ownPledge(tx: Prisma.TransactionClient, id: string, email: string) {
  return tx.pledge.findFirst({
    where: { id, emailNormalised: normaliseEmail(email), confirmedAt: { not: null }, withdrawnAt: null },
  });
}

/**
 * A change to a confirmed pledge that may move it in the tally (withdrawing it,
 * marking it done): takes its condition's row first, as everything that
 * settles a condition does, so the pledge's standing cannot change under it;
 * then `update` changes the row and returns it as it now is (or null when it
 * changed nothing), and the tally gets the difference.
 */
async function changeCountedPledge(
  tx: Prisma.TransactionClient,
  pledge: PledgeRow,
  update: () => Promise<PledgeRow | null>,
) {
  const condition = pledge.conditionId ? await lockCondition(tx, pledge.conditionId, "share") : null;
  const state = condition && { status: condition.status, settledAt: condition.settled_at };
  // Then the pledge's row, read again once locked: what it says now (a "done" that committed in
  // between included) is what the change moves from, and nothing changes it until this commits.
  await tx.$queryRaw`SELECT 1 FROM pledge WHERE id = ${pledge.id}::uuid FOR UPDATE`;
  const before = await tx.pledge.findUnique({ where: { id: pledge.id } });
  const after = await update();
  if (!before || !after) return false;
  await recordPledgeChanges(tx, [{ before: pledgeFacts(before, state), after: pledgeFacts(after, state) }]);
  return true;
}

type PledgeRow = Prisma.PledgeGetPayload<Record<string, never>>;

/** Withdraws a pledge: it leaves the wall and the tally drops by one. */
export async function withdrawPledge(id: string, email: string) {
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return false;
    return changeCountedPledge(tx, pledge, async () => {
      const { count } = await tx.pledge.updateMany({
        where: { id, withdrawnAt: null },
        data: { withdrawnAt: new Date(), updatedAt: new Date() },
      });
      return count === 1 ? tx.pledge.findUnique({ where: { id } }) : null;
    });
  });
}

export async function markPledgeDone(id: string, email: string) {
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return false;
    await markDone(tx, pledge);
    return true;
  });
}

/** Done: counts as kept (once, while it counts) and stops its nudges. */
export async function markDone(tx: Prisma.TransactionClient, pledge: PledgeRow) {
  await changeCountedPledge(tx, pledge, async () => {
    const { count } = await tx.pledge.updateMany({
      where: { id: pledge.id, doneAt: null, withdrawnAt: null },
      data: { doneAt: new Date(), updatedAt: new Date() },
    });
    return count === 1 ? tx.pledge.findUnique({ where: { id: pledge.id } }) : null;
  });
}

/** A moderator hid this pledge (rather than reports, which a moderator may yet dismiss). */
async function hiddenByModerator(tx: Prisma.TransactionClient, id: string, moderation: string) {
  if (moderation !== "hidden") return false;
  const entry = await tx.moderationItem.findUnique({
    where: { kind_itemId: { kind: "pledge", itemId: id } },
    select: { decision: true },
  });
  return entry?.decision === "hidden";
}

/**
 * Rewords a pledge. The new words pass the moderation filter: "held" when it
 * caught them (the public sees a resident's pledge until a moderator looks;
 * it counts as before). Rewording never makes a pledge shown that was not:
 * one held or hidden stays so until a moderator decides. Returns "duplicate"
 * when the same person already has that commitment.
 */
export async function updateCommitment(id: string, email: string, commitment: string) {
  const text = commitment.replace(/\s+/g, " ").trim();
  const screened = await screen([text]);
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return "not-found" as const;
    const key = commitmentKey(text);
    const clash = await tx.pledge.findFirst({
      where: { emailNormalised: pledge.emailNormalised, commitmentKey: key, id: { not: id } },
    });
    if (clash) return "duplicate" as const;
    const moderation =
      pledge.moderation === VISIBLE
        ? screened.moderation
        : screened.moderation === "held" && !(await hiddenByModerator(tx, id, pledge.moderation))
          ? // Hidden only by reports so far: the caught words must wait for approval, not for reports to be dismissed.
            "held"
          : pledge.moderation;
    await tx.pledge.update({
      where: { id },
      data: { commitment: text, commitmentKey: key, moderation, updatedAt: new Date() },
    });
    if (screened.moderation === "held") {
      await holdForReview(tx, "pledge", id, screened.flags);
      return "held" as const;
    }
    return "updated" as const;
  });
}
