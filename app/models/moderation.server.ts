import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { screenText, type ModerationKind, type ModerationState } from "./moderation";

/*
 * The filter at submission: every model that stores something people publish
 * screens its text here first, and stores it as "held" (with a queue entry
 * for the moderators) when the filter catches it. Public reads show only
 * "visible" items.
 */

type Db = Prisma.TransactionClient;

const WORDS_CACHE_MS = 5_000;
let cachedWords: { words: Promise<string[]>; at: number } | null = null;

/**
 * The admins' word list, read at most every few seconds per process (it is on
 * the sign-up path). Every sign-up arriving while it is being read waits on
 * the same query, so a busy moment costs one read, not one each.
 */
export function listedWords(): Promise<string[]> {
  if (cachedWords && Date.now() - cachedWords.at < WORDS_CACHE_MS) return cachedWords.words;
  const words = prisma.moderationWord
    .findMany({ select: { word: true }, orderBy: { word: "asc" } })
    .then((rows) => rows.map((r) => r.word));
  const entry = { words, at: Date.now() };
  cachedWords = entry;
  // A failed read is not kept: the next sign-up asks again.
  words.catch(() => {
    if (cachedWords === entry) cachedWords = null;
  });
  return words;
}

/** Forget the cached word list in this process (after an admin edits it, and in tests). */
export function forgetListedWords() {
  cachedWords = null;
}

/** Screens what someone is about to publish: its moderation state, and the filter's flags when held. */
export async function screen(texts: readonly (string | null | undefined)[]) {
  const flags = screenText(texts, await listedWords());
  return { moderation: (flags.length ? "held" : "visible") as ModerationState, flags };
}

/**
 * Puts an item the filter caught into the moderators' queue, in the same
 * transaction that stores it (or stores its new words). An item already in the
 * queue is opened again with the new flags.
 */
export async function holdForReview(db: Db, kind: ModerationKind, itemId: string, flags: string[]) {
  await db.moderationItem.upsert({
    where: { kind_itemId: { kind, itemId } },
    create: { kind, itemId, flags },
    update: { state: "open", flags, decision: null, updatedAt: new Date() },
  });
}
