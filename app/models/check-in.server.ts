import { z } from "zod";
import { randomUUID } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { verifyToken } from "~/utils/signed-token.server";
import type { CheckInChoice } from "./check-in";
import { VISIBLE } from "./moderation";
import { holdForReview, screen } from "./moderation.server";
import { markDone, updateCommitment } from "./pledge-owner.server";

/** The pledge a check-in link (signed, expiring, no sign-in needed) belongs to. */
export async function getPledgeForCheckIn(token: string) {
  // The pledge id is a uuid column: anything else would be a database error, not "no such pledge".
  const parsed = z.object({ p: z.string().uuid() }).safeParse(verifyToken(token, "check-in"));
  if (!parsed.success) return null;
  return prisma.pledge.findFirst({
    where: { id: parsed.data.p, confirmedAt: { not: null }, withdrawnAt: null },
    include: { ward: { select: { name: true } } },
  });
}

/**
 * Records a check-in. "Done it" marks the pledge done (kept, and no more
 * nudges); "Change my pledge" rewords it. A note for the pledge's public page
 * passes the moderation filter: one it catches is kept from the page until a
 * moderator approves it (a note kept private is never published, so it is
 * not screened). `held`: the filter caught the note or the new words.
 */
export async function recordCheckIn(
  token: string,
  input: { choice: CheckInChoice; note?: string; isPublic: boolean; newWords?: string },
) {
  const pledge = await getPledgeForCheckIn(token);
  if (!pledge) return { status: "invalid" as const };
  let wordsHeld = false;
  if (input.choice === "change" && input.newWords) {
    const result = await updateCommitment(pledge.id, pledge.email, input.newWords);
    if (result === "duplicate") return { status: "duplicate" as const };
    wordsHeld = result === "held";
  }
  const note = input.note || null;
  const screened = input.isPublic ? await screen([note]) : { moderation: VISIBLE, flags: [] };
  await prisma.$transaction(async (tx) => {
    const checkIn = await tx.checkIn.create({
      data: {
        id: randomUUID(),
        pledgeId: pledge.id,
        choice: input.choice,
        note,
        isPublic: input.isPublic,
        moderation: screened.moderation,
      },
    });
    if (screened.moderation === "held") await holdForReview(tx, "check_in", checkIn.id, screened.flags);
    if (input.choice === "done") await markDone(tx, pledge);
    // "Need a hand" joins the Alliance's queue (/admin/help) and its next daily email.
    if (input.choice === "help") await tx.helpRequest.create({ data: { checkInId: checkIn.id } });
  });
  return { status: "recorded" as const, pledgeId: pledge.id, held: wordsHeld || screened.moderation === "held" };
}

/**
 * Check-ins the pledger agreed to show on their pledge's page, newest first;
 * never one held or hidden, and none while the pledge itself is held or
 * hidden (a note may repeat the words withheld).
 */
export async function listPublicCheckIns(pledgeId: string) {
  const rows = await prisma.checkIn.findMany({
    where: { pledgeId, isPublic: true, moderation: VISIBLE, pledge: { moderation: VISIBLE } },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return rows.map((c) => ({
    id: c.id,
    choice: c.choice as CheckInChoice,
    note: c.note,
    createdAt: c.createdAt.toISOString(),
  }));
}
