/*
 * Moderation's shared rules (the browser may import them): what can be
 * moderated, the states a published thing can be in, and the filter that
 * decides at submission whether it shows at once or waits for a moderator.
 */

/** Everything people publish that moderators look after. */
export const MODERATION_KINDS = ["pledge", "check_in", "progress_report", "organisation", "event"] as const;
export type ModerationKind = (typeof MODERATION_KINDS)[number];

export const KIND_NAMES: Record<ModerationKind, string> = {
  pledge: "pledge",
  check_in: "check-in note",
  progress_report: "progress story",
  organisation: "organisation",
  event: "event",
};

export function isModerationKind(kind: unknown): kind is ModerationKind {
  return typeof kind === "string" && (MODERATION_KINDS as readonly string[]).includes(kind);
}

/**
 * An item's `moderation` column. visible: shown. held: the filter caught it at
 * submission, shown once a moderator approves. hidden: a moderator hid it, or
 * enough reports hid it until a moderator looks.
 */
export type ModerationState = "visible" | "held" | "hidden";

/** The only state public pages, the wall and the APIs show. */
export const VISIBLE: ModerationState = "visible";

/** What a person is told when the filter holds what they wrote. */
export const HELD_MESSAGE = "Thank you. What you wrote will appear after a quick check by the Alliance's moderators.";

/** A hidden or held pledge's stand-in wherever its words would be: it still counts. */
export const HIDDEN_PLEDGE_WORDS = "A Salford resident's pledge";

// http(s) and www. addresses, and bare domains with a common ending (example.com, salford.gov.uk).
const LINK =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:com|org|net|uk|io|co|info|biz|me|ly|xyz|app|site|online|shop|ru|cn|tk|gg|link|click)\b/iu;

/** Lower case, compatibility forms folded (full-width letters, ligatures), accents kept. */
export function foldText(text: string) {
  return text.normalize("NFKC").toLocaleLowerCase("en-GB");
}

/** A word-list entry as stored: folded, trimmed, inner whitespace single. */
export function normaliseListedWord(word: string) {
  return foldText(word).trim().replace(/\s+/gu, " ");
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * What the filter finds in these texts: "link" for a web address, and
 * "word:<w>" for each listed word (or phrase) that appears as a whole word,
 * whatever its case. Empty: nothing caught, publish at once.
 */
export function screenText(texts: readonly (string | null | undefined)[], words: readonly string[]): string[] {
  const flags = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = foldText(raw);
    if (LINK.test(text)) flags.add("link");
    for (const word of words) {
      if (!word) continue;
      const pattern = new RegExp(
        `(?<![\\p{L}\\p{N}])${escapeRegExp(word).replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}])`,
        "u",
      );
      if (pattern.test(text)) flags.add(`word:${word}`);
    }
  }
  return [...flags].sort();
}

/** A flag as a moderator reads it. */
export function describeFlag(flag: string) {
  return flag === "link" ? "contains a link" : flag.startsWith("word:") ? `contains “${flag.slice(5)}”` : flag;
}
