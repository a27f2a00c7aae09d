import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { commitmentKey } from "./pledge-signup.server";
import { recordKeptChange, recordTallyChange, type TallyPledge } from "./tally.server";

/* A signed-in pledger's own pledges: listing them, rewording, marking done, withdrawing. */

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

/** Withdraws a pledge: it leaves the wall and the tally drops by one. */
export async function withdrawPledge(id: string, email: string) {
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return false;
    // Whether it was done is read as the update finds the row, not before: a "done" that
    // commits in between is taken back with the withdrawal instead of staying kept.
    const withdrawn = await tx.$queryRaw<{ done_at: Date | null }[]>`
      UPDATE pledge SET withdrawn_at = now(), updated_at = now()
      WHERE id = ${id}::uuid AND withdrawn_at IS NULL RETURNING done_at`;
    if (withdrawn.length === 1) {
      await recordTallyChange(tx, pledge, -1);
      if (withdrawn[0]!.done_at) await recordKeptChange(tx, pledge, -1);
    }
    return withdrawn.length === 1;
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

/** Done: counts as kept (once) and stops its nudges. */
export async function markDone(tx: Prisma.TransactionClient, pledge: { id: string } & TallyPledge) {
  const { count } = await tx.pledge.updateMany({
    where: { id: pledge.id, doneAt: null, withdrawnAt: null },
    data: { doneAt: new Date(), updatedAt: new Date() },
  });
  if (count === 1) await recordKeptChange(tx, pledge, 1);
}

/** Rewords a pledge. Returns "duplicate" when the same person already has that commitment. */
export async function updateCommitment(id: string, email: string, commitment: string) {
  const text = commitment.replace(/\s+/g, " ").trim();
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return "not-found" as const;
    const key = commitmentKey(text);
    const clash = await tx.pledge.findFirst({
      where: { emailNormalised: pledge.emailNormalised, commitmentKey: key, id: { not: id } },
    });
    if (clash) return "duplicate" as const;
    await tx.pledge.update({ where: { id }, data: { commitment: text, commitmentKey: key, updatedAt: new Date() } });
    return "updated" as const;
  });
}
