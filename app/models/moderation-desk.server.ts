import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { queueEmail } from "./email-queue.server";
import { describeFlag, KIND_NAMES, MODERATION_KINDS, type ModerationKind, type ModerationState } from "./moderation";
import { describeItem, readItem, readItems, setModeration, type ModeratedItem } from "./moderation-items.server";

/*
 * The moderators' desk (/admin/moderation): the open queue, what was decided
 * lately, and the four decisions. Each decision locks the item's queue entry,
 * changes the item's `moderation` column, the entry and its reports, queues
 * the author's email and writes the audit entry, all in one transaction.
 */

type Db = Prisma.TransactionClient;

export type Decision =
  | { intent: "approve"; entryId: string }
  | { intent: "hide"; entryId: string; reason: string }
  | { intent: "restore"; entryId: string }
  | { intent: "dismiss"; entryId: string };

export type DecisionResult = { status: "not-found" } | { status: "unchanged" } | { status: "decided" };

export type DeskEntry = {
  /** the queue entry's id: what the forms send */
  id: string;
  kind: ModerationKind;
  kindName: string;
  itemId: string;
  /** null: the item has been deleted since */
  item: Pick<ModeratedItem, "title" | "texts" | "path" | "moderation"> | null;
  state: string;
  /** what the filter found, as a moderator reads it */
  flags: string[];
  /** with the reporter's address when they left one, so a moderator can ask them */
  openReports: { reason: string; contactEmail: string | null; at: string }[];
  decision: string | null;
  hiddenReason: string | null;
  authorEmailed: boolean;
  reviewedAt: string | null;
  createdAt: string;
};

const entryInclude = {
  reports: { where: { status: "open" }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.ModerationItemInclude;
type EntryRow = Prisma.ModerationItemGetPayload<{ include: typeof entryInclude }>;

/** The entries with their items, each kind read from its own table in one query. */
async function withItems(rows: EntryRow[]): Promise<DeskEntry[]> {
  const byKind = new Map<ModerationKind, Map<string, ModeratedItem>>();
  for (const kind of MODERATION_KINDS) {
    const ids = rows.filter((r) => r.kind === kind).map((r) => r.itemId);
    if (ids.length) byKind.set(kind, await readItems(prisma, kind, ids));
  }
  return rows.map((row) => {
    const kind = row.kind as ModerationKind;
    const item = byKind.get(kind)?.get(row.itemId) ?? null;
    return {
      id: row.id.toString(),
      kind,
      kindName: KIND_NAMES[kind] ?? row.kind,
      itemId: row.itemId,
      item: item && { title: item.title, texts: item.texts, path: item.path, moderation: item.moderation },
      state: row.state,
      flags: row.flags.map(describeFlag),
      openReports: row.reports.map((r) => ({
        reason: r.reason,
        contactEmail: r.contactEmail,
        at: r.createdAt.toISOString(),
      })),
      decision: row.decision,
      hiddenReason: row.hiddenReason,
      authorEmailed: Boolean(row.authorEmailedAt),
      reviewedAt: row.reviewedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

export const QUEUE_PAGE = 50;

/** What waits for a moderator, oldest first, and how many in all. */
export async function listOpenQueue() {
  const where = { state: "open" };
  const [rows, total] = await Promise.all([
    prisma.moderationItem.findMany({
      where,
      include: entryInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: QUEUE_PAGE,
    }),
    prisma.moderationItem.count({ where }),
  ]);
  return { entries: await withItems(rows), total };
}

/** The latest decisions, newest first, so one can be undone. */
export async function listRecentlyDecided(limit = 20) {
  const rows = await prisma.moderationItem.findMany({
    where: { state: "closed", reviewedAt: { not: null } },
    include: entryInclude,
    orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return withItems(rows);
}

/** How many items wait for a moderator (the admin dashboard's figure). */
export async function countOpenQueue() {
  return prisma.moderationItem.count({ where: { state: "open" } });
}

type Snapshot = { moderation: ModerationState | null; queue: string; decision: string | null; openReports: number };

const snapshot = (
  entry: { state: string; decision: string | null },
  moderation: ModerationState | null,
  open: number,
) => ({ moderation, queue: entry.state, decision: entry.decision, openReports: open }) satisfies Snapshot;

/** Why the author of this kind of thing hears about it: the email's footer. */
function becauseOf(kind: ModerationKind, item: ModeratedItem) {
  if (kind === "pledge") return "this address was used to make a pledge";
  if (kind === "check_in") return "this address was used to make a pledge and check in on it";
  if (kind === "event") return `this is the contact address of the event ${item.title}`;
  return "this is the contact address of an organisation on Salford Social Value City";
}

async function emailAuthorOnce(
  tx: Db,
  entry: { id: bigint; kind: string; authorEmailedAt: Date | null },
  item: ModeratedItem,
  reason: string,
) {
  if (entry.authorEmailedAt) return false;
  const kind = entry.kind as ModerationKind;
  await queueEmail(tx, {
    template: "moderation-hidden",
    to: item.authorEmail,
    props: { kind, title: item.title, reason, because: becauseOf(kind, item) },
    pledgeId: item.pledgeId,
  });
  await tx.moderationItem.update({ where: { id: entry.id }, data: { authorEmailedAt: new Date() } });
  return true;
}

/**
 * A moderator's decision on one queue entry:
 * - approve: the item shows (held or hidden before); open reports dismissed; closed.
 * - hide: the item is hidden for `reason`; open reports upheld; closed; its
 *   author is emailed the reason, once ever for this item.
 * - restore: a hidden item shows again; open reports dismissed; closed.
 * - dismiss: open reports dismissed; an item hidden by those reports (its entry
 *   still open) shows again; closed, unless the filter is holding the item,
 *   which then still waits to be approved or hidden.
 * A decision that would change nothing (pressed twice, a page out of date) is
 * "unchanged": nothing is written, nobody is emailed.
 */
export async function decide(actor: AuditActor, decision: Decision): Promise<DecisionResult> {
  if (!/^\d{1,18}$/.test(decision.entryId)) return { status: "not-found" };
  const entryId = BigInt(decision.entryId);
  return prisma.$transaction(async (tx): Promise<DecisionResult> => {
    const [locked] = await tx.$queryRaw<
      { id: bigint }[]
    >`SELECT id FROM moderation_item WHERE id = ${entryId} FOR UPDATE`;
    if (!locked) return { status: "not-found" };
    const entry = await tx.moderationItem.findUniqueOrThrow({ where: { id: entryId }, include: entryInclude });
    const kind = entry.kind as ModerationKind;
    const item = await readItem(tx, kind, entry.itemId);
    const moderation = item?.moderation ?? null;
    const open = entry.reports.length;
    const before = snapshot(entry, moderation, open);

    let after: Snapshot;
    let summary: string;
    const reviewed = { reviewedById: actor.id, reviewedAt: new Date(), updatedAt: new Date() };
    const setReports = (status: "dismissed" | "upheld") =>
      tx.moderationReport.updateMany({ where: { moderationItemId: entryId, status: "open" }, data: { status } });
    const what = describeItem(kind, item);

    switch (decision.intent) {
      case "approve": {
        if (entry.state === "closed" && moderation === "visible" && open === 0) return { status: "unchanged" };
        if (item) await setModeration(tx, kind, item.id, "visible");
        await setReports("dismissed");
        await tx.moderationItem.update({
          where: { id: entryId },
          data: { state: "closed", decision: "approved", ...reviewed },
        });
        after = { moderation: item ? "visible" : null, queue: "closed", decision: "approved", openReports: 0 };
        summary = `Approved ${what}`;
        break;
      }
      case "hide": {
        if (entry.state === "closed" && moderation === "hidden" && entry.decision === "hidden")
          return { status: "unchanged" };
        if (item) await setModeration(tx, kind, item.id, "hidden");
        await setReports("upheld");
        await tx.moderationItem.update({
          where: { id: entryId },
          data: { state: "closed", decision: "hidden", hiddenReason: decision.reason, ...reviewed },
        });
        const emailed = item ? await emailAuthorOnce(tx, entry, item, decision.reason) : false;
        after = { moderation: item ? "hidden" : null, queue: "closed", decision: "hidden", openReports: 0 };
        summary = `Hid ${what}: ${decision.reason}${emailed ? " (its author was emailed)" : ""}`;
        break;
      }
      case "restore": {
        if (moderation !== "hidden") return { status: "unchanged" };
        await setModeration(tx, kind, item!.id, "visible");
        await setReports("dismissed");
        await tx.moderationItem.update({
          where: { id: entryId },
          data: { state: "closed", decision: "restored", ...reviewed },
        });
        after = { moderation: "visible", queue: "closed", decision: "restored", openReports: 0 };
        summary = `Restored ${what}`;
        break;
      }
      case "dismiss": {
        if (open === 0 && (entry.state === "closed" || moderation === "held")) return { status: "unchanged" };
        await setReports("dismissed");
        // Hidden while its entry is open: the reports hid it (a moderator's hide closes the entry).
        const hiddenByReports = entry.state === "open" && moderation === "hidden";
        if (hiddenByReports) await setModeration(tx, kind, item!.id, "visible");
        const stillHeld = moderation === "held";
        await tx.moderationItem.update({
          where: { id: entryId },
          data: stillHeld ? { updatedAt: new Date() } : { state: "closed", decision: "dismissed", ...reviewed },
        });
        after = {
          moderation: hiddenByReports ? "visible" : moderation,
          queue: stillHeld ? entry.state : "closed",
          decision: stillHeld ? entry.decision : "dismissed",
          openReports: 0,
        };
        summary = `Dismissed ${open} report${open === 1 ? "" : "s"} on ${what}${hiddenByReports ? ", which shows again" : ""}`;
        break;
      }
    }
    await recordAudit(
      actor,
      { action: `moderation.${decision.intent}`, subject: { kind, id: entry.itemId }, summary, before, after },
      tx,
    );
    return { status: "decided" };
  });
}
