import { randomUUID } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { queueEmail } from "./email-queue.server";
import { appUrl } from "~/utils/env.server";
import { createToken, hashToken } from "~/utils/token.server";
import { normaliseEmail } from "~/utils/email-address";

export const LOGIN_TOKEN_MINUTES = 15;

/** The account for this address, made on first sign-in. */
export async function findOrCreateUser(email: string) {
  const emailNormalised = normaliseEmail(email);
  return prisma.user.upsert({
    where: { emailNormalised },
    create: { id: randomUUID(), email: email.trim(), emailNormalised },
    update: {},
  });
}

/** Emails a sign-in link (single use, 15 minutes). Says nothing about whether the address is known. */
export async function requestLogin(email: string, redirectTo: string | null) {
  const { token, hash } = createToken();
  const expiresAt = new Date(Date.now() + LOGIN_TOKEN_MINUTES * 60_000);
  await prisma.$transaction(async (tx) => {
    await tx.loginToken.create({ data: { tokenHash: hash, email: email.trim(), redirectTo, expiresAt } });
    await queueEmail(tx, {
      template: "magic-link",
      to: email.trim(),
      props: { signInUrl: appUrl(`/login/${token}`), minutes: LOGIN_TOKEN_MINUTES },
    });
  });
}

export async function getLoginToken(token: string) {
  const row = await prisma.loginToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.usedAt) return { status: "invalid" as const };
  if (row.expiresAt < new Date()) return { status: "expired" as const };
  return { status: "valid" as const, email: row.email };
}

/** Spends a sign-in link; returns the user it signs in, or why it cannot. */
export async function consumeLoginToken(token: string) {
  const row = await prisma.loginToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.usedAt) return { status: "invalid" as const };
  if (row.expiresAt < new Date()) return { status: "expired" as const };
  // The condition makes a double press spend it once.
  const { count } = await prisma.loginToken.updateMany({
    where: { tokenHash: row.tokenHash, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count === 0) return { status: "invalid" as const };
  const user = await findOrCreateUser(row.email);
  return { status: "signed-in" as const, user, redirectTo: row.redirectTo };
}

/** Makes these addresses admins (creating their accounts): ADMIN_EMAILS and `npm run admin:create`. */
export async function ensureAdmins(emails: string[]) {
  for (const email of emails) {
    const user = await findOrCreateUser(email);
    if (user.role !== "admin") await prisma.user.update({ where: { id: user.id }, data: { role: "admin" } });
  }
}
