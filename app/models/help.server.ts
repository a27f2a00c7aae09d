import type { HelpDigestProps } from "../../emails/help-digest";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { appUrl, getEnv } from "~/utils/env.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { queueEmail } from "./email-queue.server";
import { HELP_LIST_LIMIT, type HelpAction, type HelpStatus, type HelpView } from "./help";

/*
 * People who need a hand: every check-in answered "Need a hand" is a
 * help_request (app/models/check-in.server.ts makes it with the check-in).
 * Alliance staff work them at /admin/help (new → contacted → closed, and back
 * by reopening), each change on the audit log; the new ones go to the
 * Alliance's address in a daily email, each in one email only.
 */

/** The most requests the daily email lists one by one; it counts the rest and links to the queue. */
export const HELP_DIGEST_LIMIT = 50;
// Arbitrary constant (727_000_001 to 003 are taken): one daily email is made at a time, whichever worker runs it.
const HELP_DIGEST_LOCK = 727_000_012;

const withPledge = {
  checkIn: {
    include: {
      pledge: {
        include: { ward: { select: { name: true } }, campaign: { select: { name: true, slug: true } } },
      },
    },
  },
} satisfies Prisma.HelpRequestInclude;

/** When someone asked, as the queue and the email show it: "28 Nov 2026, 14:05", UK time. */
export function formatAskedAt(at: Date) {
  return at.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });
}

/** How many requests have each status. */
export async function countHelpRequests(): Promise<Record<HelpStatus, number>> {
  const groups = await prisma.helpRequest.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = { new: 0, contacted: 0, closed: 0 };
  for (const g of groups) if (g.status in counts) counts[g.status as HelpStatus] = g._count._all;
  return counts;
}

/**
 * The requests a view lists, in the order staff work them: new first, then
 * contacted, each oldest first (whoever has waited longest); closed ones most
 * recently closed first. At most HELP_LIST_LIMIT of each status. Each with its
 * check-in (the note is shown to staff whatever its moderation state), its
 * pledge and who last changed it.
 */
export async function listHelpRequests(view: HelpView) {
  const statuses: HelpStatus[] = view === "open" ? ["new", "contacted"] : [view];
  const lists = await Promise.all(
    statuses.map((status) =>
      prisma.helpRequest.findMany({
        where: { status },
        orderBy: status === "closed" ? [{ updatedAt: "desc" }] : [{ createdAt: "asc" }, { checkInId: "asc" }],
        take: HELP_LIST_LIMIT,
        include: withPledge,
      }),
    ),
  );
  const requests = lists.flat();
  // updated_by_id has no foreign key (an account may go; the request stays): look the people up.
  const updaterIds = [...new Set(requests.map((r) => r.updatedById).filter((id): id is string => id !== null))];
  const updaters = new Map(
    (await prisma.user.findMany({ where: { id: { in: updaterIds } }, select: { id: true, email: true } })).map((u) => [
      u.id,
      u.email,
    ]),
  );
  return requests.map((r) => ({
    ...r,
    status: r.status as HelpStatus,
    updatedBy: r.updatedById ? (updaters.get(r.updatedById) ?? "an account that has since gone") : null,
  }));
}

const NEXT_STATUS = { contacted: "contacted", closed: "closed", reopen: "new" } as const satisfies Record<
  HelpAction["intent"],
  HelpStatus
>;
/** Which statuses each action may start from: closing or contacting a closed request means reopening it first. */
const ALLOWED_FROM: Record<HelpAction["intent"], readonly string[]> = {
  contacted: ["new", "contacted"],
  closed: ["new", "contacted"],
  reopen: ["closed"],
};
const AUDIT_ACTION = { contacted: "help.contacted", closed: "help.closed", reopen: "help.reopened" } as const;
const AUDIT_VERB = { contacted: "Marked as contacted", closed: "Closed", reopen: "Reopened" } as const;

export type HelpUpdate =
  | { status: "not-found" }
  /** someone else changed it first (or a page out of date sent it): nothing changed */
  | { status: "conflict"; current: HelpStatus }
  | { status: "updated"; from: HelpStatus; to: HelpStatus };

/**
 * Marks a request contacted or closed, or reopens it (back to new). A note,
 * when given, becomes the request's staff note; without one the note stays.
 * The change and its audit entry (before and after: status and note) are one
 * transaction; the row is locked, so two staff pressing at once change it one
 * after the other and the second sees what the first did.
 */
export async function updateHelpRequest(actor: AuditActor, action: HelpAction): Promise<HelpUpdate> {
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: HelpStatus; staff_note: string | null; ward: string }[]>`
      SELECT h.status, h.staff_note, w.name AS ward
      FROM help_request h
      JOIN check_in c ON c.id = h.check_in_id
      JOIN pledge p ON p.id = c.pledge_id
      JOIN ward w ON w.code = p.ward_code
      WHERE h.check_in_id = ${action.checkInId}::uuid
      FOR UPDATE OF h`;
    if (!row) return { status: "not-found" as const };
    if (!ALLOWED_FROM[action.intent].includes(row.status)) return { status: "conflict" as const, current: row.status };
    const to = NEXT_STATUS[action.intent];
    const staffNote = action.note ? action.note : row.staff_note;
    await tx.helpRequest.update({
      where: { checkInId: action.checkInId },
      data: { status: to, staffNote, updatedById: actor.id, updatedAt: new Date() },
    });
    await recordAudit(
      actor,
      {
        action: AUDIT_ACTION[action.intent],
        subject: { kind: "help", id: action.checkInId },
        // No name in the summary: the log is kept for good, and the request says who it was.
        summary: `${AUDIT_VERB[action.intent]} a request for a hand from a pledger in ${row.ward}`,
        before: { status: row.status, staffNote: row.staff_note },
        after: { status: to, staffNote },
      },
      tx,
    );
    return { status: "updated" as const, from: row.status, to };
  });
}

export type HelpDigestResult = { status: "no-address" } | { status: "none" } | { status: "queued"; requests: number };

/**
 * The daily email to the Alliance's address (ALLIANCE_EMAIL): the new
 * requests no earlier email told of. The email is queued and the requests
 * marked as told (digested_at) in one transaction, under a lock, so two
 * workers running at the same moment make one email between them and a
 * second run makes none. Nothing is queued, and nothing marked, without an
 * address or without a new request.
 */
export async function queueHelpDigest(asOf: Date = new Date()): Promise<HelpDigestResult> {
  const to = getEnv().ALLIANCE_EMAIL;
  if (!to) return { status: "no-address" };
  return prisma.$transaction(async (tx) => {
    // Waits for a run already making the email; then that run's requests are marked and this one finds none.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HELP_DIGEST_LOCK}::bigint)`;
    // Marked in the statement that finds them: whatever the email lists has been told of, and nothing else.
    const told = await tx.$queryRaw<{ check_in_id: string; created_at: Date }[]>`
      UPDATE help_request SET digested_at = ${asOf}::timestamptz
      WHERE status = 'new' AND digested_at IS NULL
      RETURNING check_in_id, created_at`;
    if (told.length === 0) return { status: "none" as const };
    const ids = told
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.check_in_id.localeCompare(b.check_in_id))
      .map((r) => r.check_in_id);
    const listed = await tx.helpRequest.findMany({
      where: { checkInId: { in: ids.slice(0, HELP_DIGEST_LIMIT) } },
      orderBy: [{ createdAt: "asc" }, { checkInId: "asc" }],
      include: withPledge,
    });
    const props: HelpDigestProps = {
      count: ids.length,
      requests: listed.map(({ checkIn }) => ({
        name: checkIn.pledge.name,
        ward: checkIn.pledge.ward.name,
        commitment: checkIn.pledge.commitment,
        note: checkIn.note,
        askedAt: formatAskedAt(checkIn.createdAt),
      })),
      // The queue's address, nothing more: staff sign in there as they always do.
      queueUrl: appUrl("/admin/help"),
    };
    await queueEmail(tx, { template: "help-digest", to, props });
    return { status: "queued" as const, requests: ids.length };
  });
}
