import { prisma } from "~/utils/db.server";

/**
 * Sign-in sessions, stored by the hash of the id the cookie carries (the id
 * itself is never stored). The cookie side lives in app/guards/session.server.ts.
 */

/**
 * The user a live session belongs to, or null (no such session, or expired);
 * with whether the session has passed the second factor and whether the user
 * has an authenticator set up.
 */
export async function findSessionUser(idHash: string) {
  const session = await prisma.session.findUnique({
    where: { idHash },
    include: { user: { select: { id: true, email: true, role: true, totpEnabledAt: true } } },
  });
  if (!session || session.expiresAt < new Date()) return null;
  const { totpEnabledAt, ...user } = session.user;
  return { ...user, totpEnabled: Boolean(totpEnabledAt), secondFactorAt: session.secondFactorAt };
}

export async function storeSession(idHash: string, userId: string, expiresAt: Date) {
  await prisma.session.create({ data: { idHash, userId, expiresAt } });
}

/** Ends one session, or every session of the user it belongs to. */
export async function endSession(idHash: string, { everywhere }: { everywhere: boolean }) {
  const session = await prisma.session.findUnique({ where: { idHash } });
  if (!session) return;
  await prisma.session.deleteMany({ where: everywhere ? { userId: session.userId } : { idHash } });
}
