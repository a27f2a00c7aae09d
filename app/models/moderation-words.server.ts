import { prisma } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { normaliseListedWord } from "./moderation";
import { forgetListedWords } from "./moderation.server";

/*
 * The filter's word list, as admins edit it at /admin/moderation/words. Words
 * are stored as the filter compares them (normaliseListedWord); every change
 * is audited in its own transaction and this process forgets its cached list
 * at once (other processes within the cache's few seconds).
 */

export async function listWords() {
  const rows = await prisma.moderationWord.findMany({ orderBy: { word: "asc" } });
  return rows.map((r) => ({ word: r.word, addedAt: r.createdAt.toISOString() }));
}

/** Adds a word or phrase; "exists" when the list has it already (in any case or spacing). */
export async function addWord(actor: AuditActor, word: string): Promise<"added" | "exists"> {
  const listed = normaliseListedWord(word);
  const added = await prisma.$transaction(async (tx) => {
    const inserted = await tx.moderationWord.createMany({
      data: [{ word: listed, addedById: actor.id }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return false;
    await recordAudit(
      actor,
      {
        action: "words.add",
        subject: { kind: "moderation_word", id: listed },
        summary: `Added “${listed}” to the filter's word list`,
        after: { word: listed },
      },
      tx,
    );
    return true;
  });
  forgetListedWords();
  return added ? "added" : "exists";
}

/** Removes a word or phrase; "missing" when the list does not have it (removed already). */
export async function removeWord(actor: AuditActor, word: string): Promise<"removed" | "missing"> {
  const listed = normaliseListedWord(word);
  const removed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.moderationWord.deleteMany({ where: { word: listed } });
    if (count === 0) return false;
    await recordAudit(
      actor,
      {
        action: "words.remove",
        subject: { kind: "moderation_word", id: listed },
        summary: `Removed “${listed}” from the filter's word list`,
        before: { word: listed },
      },
      tx,
    );
    return true;
  });
  forgetListedWords();
  return removed ? "removed" : "missing";
}
