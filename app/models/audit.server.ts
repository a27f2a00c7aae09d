import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

/*
 * The audit log: every admin and moderator action, who did it, when, what,
 * and the thing before and after. Append-only: the database refuses UPDATE,
 * DELETE and TRUNCATE on audit_entry (a trigger), so this file only inserts.
 * Record in the same transaction as the change, so a change is never made
 * without its entry (and an entry never written for a change that failed).
 */

type Db = Prisma.TransactionClient;

/** Who acted: the signed-in admin or moderator (SessionUser has these). */
export type AuditActor = { id: string; email: string; role: string };

export type AuditRecord = {
  /** what was done, as `<subject>.<verb>`: organisation.verify, moderation.hide, role.grant, export.attendees … */
  action: string;
  subject: { kind: string; id?: string | null };
  /** one sentence a person reads in /admin/audit */
  summary: string;
  before?: unknown;
  after?: unknown;
};

/** A JSON value for the before/after columns: dates become ISO strings, bigints strings; undefined is no value. */
function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

/** Writes one entry, in `db` (a transaction's client) when the change is made in one. */
export async function recordAudit(actor: AuditActor, record: AuditRecord, db: Db = prisma) {
  await db.auditEntry.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      actorRole: actor.role,
      action: record.action,
      subjectKind: record.subject.kind,
      subjectId: record.subject.id ?? null,
      summary: record.summary,
      before: json(record.before),
      after: json(record.after),
    },
  });
}

/**
 * An admin acting on an organisation they do not belong to (admins may act for
 * any): recorded, since nobody in the organisation did it. Members' own
 * actions are theirs and are not recorded here.
 */
export async function recordIfAdminActing(
  actor: AuditActor,
  role: "owner" | "editor" | "admin",
  record: AuditRecord,
  db: Db = prisma,
) {
  if (role === "admin") await recordAudit(actor, record, db);
}
