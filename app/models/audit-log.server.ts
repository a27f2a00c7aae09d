import { type Prisma } from "~/generated/prisma/client";
import { shiftDay } from "~/utils/calendar-days";
import { prisma } from "~/utils/db.server";
import { AUDIT_PAGE_SIZE, auditChanges, type AuditChange, type AuditFilter } from "./audit-log";
import { eventPath, londonLocalToInstant } from "./event";

/*
 * Reading the audit log for /admin/audit: newest first, a page at a time
 * (keyset on id, so a page never shifts when entries are added), filtered.
 * Writing is audit.server.ts's alone.
 */

export type AuditLogEntry = {
  id: string;
  at: string;
  actorEmail: string;
  actorRole: string;
  action: string;
  summary: string;
  subjectKind: string;
  subjectId: string | null;
  /** the subject's page, where it has one that still exists */
  subjectHref: string | null;
  changes: AuditChange[];
};

/** The start of a calendar day in Salford (GMT or BST, as that day has it). */
const startOfLondonDay = (day: string) => londonLocalToInstant(`${day}T00:00`)!;

function where(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.action) and.push({ action: filter.action.endsWith(".") ? { startsWith: filter.action } : filter.action });
  if (filter.actor) and.push({ actorEmail: { equals: filter.actor, mode: "insensitive" } });
  if (filter.subjectKind) and.push({ subjectKind: filter.subjectKind });
  if (filter.subjectId) and.push({ subjectId: filter.subjectId });
  if (filter.from) and.push({ at: { gte: startOfLondonDay(filter.from) } });
  if (filter.to) and.push({ at: { lt: startOfLondonDay(shiftDay(filter.to, 1)) } });
  if (filter.before) and.push({ id: { lt: BigInt(filter.before) } });
  return { AND: and };
}

/** Where an entry's subject can be seen: its page, by kind. Organisations and people are found by slug and email. */
async function subjectLinks(entries: { subjectKind: string; subjectId: string | null }[]) {
  const ids = (kind: string) => [
    ...new Set(entries.filter((e) => e.subjectKind === kind && e.subjectId).map((e) => e.subjectId!)),
  ];
  const uuids = (kind: string) => ids(kind).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const [organisations, users] = await Promise.all([
    prisma.organisation.findMany({ where: { id: { in: uuids("organisation") } }, select: { id: true, slug: true } }),
    prisma.user.findMany({ where: { id: { in: uuids("user") } }, select: { id: true, email: true } }),
  ]);
  const slugs = new Map(organisations.map((o) => [o.id, o.slug]));
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return (kind: string, id: string | null): string | null => {
    if (!id) return null;
    switch (kind) {
      case "campaign":
        return `/admin/campaigns/${id}`;
      case "event":
        return eventPath(id);
      case "pledge":
        return `/pledges/${id}`;
      case "organisation":
        return slugs.has(id) ? `/organisations/${slugs.get(id)}` : null;
      case "user":
        return emails.has(id) ? `/admin/people?${new URLSearchParams({ email: emails.get(id)! })}` : null;
      default:
        return null;
    }
  };
}

/**
 * One page of the log: the newest entries that match, and the cursor for the
 * next (older) page, or null when this is the last.
 */
export async function listAuditEntries(filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE) {
  const rows = await prisma.auditEntry.findMany({
    where: where(filter),
    orderBy: { id: "desc" },
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  const link = await subjectLinks(page);
  const entries: AuditLogEntry[] = page.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorEmail: row.actorEmail,
    actorRole: row.actorRole,
    action: row.action,
    summary: row.summary,
    subjectKind: row.subjectKind,
    subjectId: row.subjectId,
    subjectHref: link(row.subjectKind, row.subjectId),
    changes: auditChanges(row.before, row.after),
  }));
  return { entries, olderBefore: rows.length > pageSize ? entries.at(-1)!.id : null };
}

/** The actions and kinds of thing the log holds, for the filter's choices. */
export async function listAuditChoices() {
  const [actions, kinds] = await Promise.all([
    prisma.$queryRaw<{ action: string }[]>`SELECT DISTINCT action FROM audit_entry ORDER BY action`,
    prisma.$queryRaw<{ kind: string }[]>`SELECT DISTINCT subject_kind AS kind FROM audit_entry ORDER BY kind`,
  ]);
  return { actions: actions.map((a) => a.action), kinds: kinds.map((k) => k.kind) };
}
