import { randomUUID } from "node:crypto";
import { normaliseEmail } from "~/utils/email-address";
import { prisma } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { LAST_ADMIN_MESSAGE, NO_LONGER_ADMIN_MESSAGE, ROLE_RANK, ROLE_WITH_ARTICLE, isRole, type Role } from "./people";

/*
 * People and their global roles, as admins manage them at /admin/people.
 * A role is read from the database on every request (findSessionUser), so a
 * change takes effect on the person's next page: no session needs ending.
 */

/**
 * Every role change takes this lock first (a transaction-scoped advisory
 * lock), so two admins demoting each other, or themselves, at the same moment
 * are one after the other: the second counts the admins the first left.
 */
const ROLE_LOCK = 727_000_012;

export type Person = { id: string; email: string; role: Role };

const asPerson = (user: { id: string; email: string; role: string }): Person => ({
  id: user.id,
  email: user.email,
  role: isRole(user.role) ? user.role : "resident",
});

/** The account for this address, or null when it has none yet. */
export async function findPerson(email: string): Promise<Person | null> {
  const user = await prisma.user.findUnique({
    where: { emailNormalised: normaliseEmail(email) },
    select: { id: true, email: true, role: true },
  });
  return user && asPerson(user);
}

/** The admins and moderators: admins first, then by address. */
export async function listStaff(): Promise<Person[]> {
  const users = await prisma.user.findMany({
    where: { role: { in: ["admin", "moderator"] } },
    select: { id: true, email: true, role: true },
    orderBy: [{ emailNormalised: "asc" }],
  });
  return users.map(asPerson).sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role]);
}

export type RoleChanged =
  | { ok: true; person: Person; before: Role; changed: boolean; created: boolean }
  | { ok: false; status: 400 | 403; message: string };

/**
 * Gives the person at `email` this role, recording role.grant or role.revoke
 * in the same transaction. Granting to an address with no account makes the
 * account (they sign in by magic link later). The last admin is never
 * demoted, and an actor demoted since their page loaded changes nothing.
 */
export async function changeRole(actor: AuditActor, email: string, role: Role): Promise<RoleChanged> {
  return prisma.$transaction(async (tx): Promise<RoleChanged> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROLE_LOCK})`;
    const acting = await tx.user.findUnique({ where: { id: actor.id }, select: { role: true } });
    if (acting?.role !== "admin") return { ok: false, status: 403, message: NO_LONGER_ADMIN_MESSAGE };

    const emailNormalised = normaliseEmail(email);
    const found = await tx.user.findUnique({
      where: { emailNormalised },
      select: { id: true, email: true, role: true },
    });
    if (!found && role === "resident")
      return { ok: false, status: 400, message: `${email} has no account, so has no role to take away` };
    const person = found
      ? asPerson(found)
      : asPerson(await tx.user.create({ data: { id: randomUUID(), email, emailNormalised, role: "resident" } }));
    const before = person.role;
    if (before === role) return { ok: true, person, before, changed: false, created: !found };
    if (before === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1)
      return { ok: false, status: 400, message: LAST_ADMIN_MESSAGE };

    await tx.user.update({ where: { id: person.id }, data: { role } });
    // A new role is used only after the second step is passed again: a session that passed it for an old role
    // (an admin demoted, then made one again) must not carry the new one on that old pass.
    await tx.session.updateMany({ where: { userId: person.id }, data: { secondFactorAt: null } });
    const grant = ROLE_RANK[role] > ROLE_RANK[before];
    await recordAudit(
      actor,
      {
        action: grant ? "role.grant" : "role.revoke",
        subject: { kind: "user", id: person.id },
        summary: grant
          ? `Made ${person.email} ${ROLE_WITH_ARTICLE[role]}${found ? "" : " (a new account)"}`
          : `Took the ${before} role from ${person.email}: now ${ROLE_WITH_ARTICLE[role]}`,
        before: { email: person.email, role: before },
        after: { email: person.email, role },
      },
      tx,
    );
    return { ok: true, person: { ...person, role }, before, changed: true, created: !found };
  });
}
