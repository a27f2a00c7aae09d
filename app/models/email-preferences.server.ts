import { z } from "zod";
import { prisma } from "~/utils/db.server";
import { appUrl, getEnv } from "~/utils/env.server";
import { signToken, verifyToken } from "~/utils/signed-token.server";
import { normaliseEmail } from "~/utils/email-address";
import { isStorableText } from "~/utils/storable-text";

/** The kinds of email a person can stop, each on its own. Transactional email (confirmations, sign-in) has no opt-out. */
export const EMAIL_CATEGORIES = ["nudges", "updates", "events", "digest", "news"] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<EmailCategory, string> = {
  nudges: "Reminders about my pledges",
  updates: "When the movement, or a campaign I pledged for, passes a milestone",
  events: "A thank-you after an event I went to, with what to do next",
  digest: "My organisation’s monthly digest",
  news: "News from the Salford Social Value Alliance",
};

export function isEmailCategory(category: string): category is EmailCategory {
  return (EMAIL_CATEGORIES as readonly string[]).includes(category);
}

/**
 * How long the links in an email work. Unsubscribe links are pressed long
 * after sending: mail clients call the RFC 8058 one-click address whenever the
 * reader presses their own "Unsubscribe" button on an old email, so a year.
 * The preferences link opens every choice (and can turn email back on), and
 * every email carries a fresh one, so it lasts a season.
 */
export const UNSUBSCRIBE_TOKEN_DAYS = 365;
export const PREFERENCES_TOKEN_DAYS = 90;

/** One-click unsubscribe link (RFC 8058) for one address and category. */
export function unsubscribeUrl(email: string, category: EmailCategory, issuedAt?: Date) {
  const token = signToken("unsubscribe", { e: normaliseEmail(email), c: category }, UNSUBSCRIBE_TOKEN_DAYS, issuedAt);
  return appUrl(`/unsubscribe/${token}`);
}

export function preferencesUrl(email: string, issuedAt?: Date) {
  return appUrl(
    `/preferences/${signToken("preferences", { e: normaliseEmail(email) }, PREFERENCES_TOKEN_DAYS, issuedAt)}`,
  );
}

// A signed payload is ours, but it is still checked before it reaches the database:
// a secret that leaked must not also turn into 500s.
const TokenEmail = z.string().min(3).max(254).refine(isStorableText);
const UnsubscribePayload = z.object({ e: TokenEmail, c: z.enum(EMAIL_CATEGORIES) });
const PreferencesPayload = z.object({ e: TokenEmail });

export function readUnsubscribeToken(token: string) {
  const parsed = UnsubscribePayload.safeParse(verifyToken(token, "unsubscribe"));
  return parsed.success ? { emailNormalised: parsed.data.e, category: parsed.data.c } : null;
}

export function readPreferencesToken(token: string) {
  const parsed = PreferencesPayload.safeParse(verifyToken(token, "preferences"));
  return parsed.success ? { emailNormalised: parsed.data.e } : null;
}

/** The List-Unsubscribe headers every non-transactional email carries. */
export function unsubscribeHeaders(email: string, category: EmailCategory, issuedAt?: Date) {
  const url = unsubscribeUrl(email, category, issuedAt);
  const mailbox = getEnv().EMAIL_FROM.match(/<([^>]+)>/)?.[1] ?? getEnv().EMAIL_FROM;
  const [local, domain] = mailbox.split("@");
  const token = url.split("/unsubscribe/")[1]!;
  return {
    "List-Unsubscribe": `<mailto:${local}+unsubscribe@${domain}?subject=unsubscribe%20${token}>, <${url}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/**
 * What a message carries for its own recipient: every email links to their
 * preferences page, and anything but transactional email carries the RFC 8058
 * unsubscribe headers for its category.
 */
/**
 * The links signed for one recipient. `issuedAt` is when the message was
 * queued: every attempt to send it then signs the same links, so a retry is
 * the same request under its idempotency key (a provider refuses a key reused
 * with a different body).
 */
export function emailRecipient(email: string, category: string, issuedAt?: Date) {
  return {
    preferencesUrl: preferencesUrl(email, issuedAt),
    headers: isEmailCategory(category) ? unsubscribeHeaders(email, category, issuedAt) : {},
  };
}

export async function unsubscribe(emailNormalised: string, category: EmailCategory) {
  // INSERT … ON CONFLICT DO NOTHING: a mail client's one-click POST and the
  // reader's own press can arrive together, and an upsert raced into a
  // unique-key error (a 500) for the second.
  await prisma.emailPreference.createMany({ data: [{ emailNormalised, category }], skipDuplicates: true });
}

export async function resubscribe(emailNormalised: string, category: EmailCategory) {
  await prisma.emailPreference.deleteMany({ where: { emailNormalised, category } });
}

export async function getPreferences(emailNormalised: string) {
  const [stopped, suppressed] = await Promise.all([
    prisma.emailPreference.findMany({ where: { emailNormalised } }),
    prisma.emailSuppression.findUnique({ where: { emailNormalised } }),
  ]);
  const off = new Set(stopped.map((p) => p.category));
  return {
    categories: EMAIL_CATEGORIES.map((category) => ({
      category,
      name: CATEGORY_NAMES[category],
      subscribed: !off.has(category),
    })),
    suppressed: suppressed?.reason ?? null,
  };
}

/** Never email this address again (a hard bounce or a complaint). */
export async function suppress(email: string, reason: string) {
  const emailNormalised = normaliseEmail(email);
  // Race-free as it stands: with one unique field and no nested writes, Prisma
  // runs this upsert as one INSERT … ON CONFLICT DO UPDATE (the latest reason
  // wins). The concurrency test in email-preferences.test.ts guards it.
  await prisma.emailSuppression.upsert({
    where: { emailNormalised },
    create: { emailNormalised, reason },
    update: { reason },
  });
}
