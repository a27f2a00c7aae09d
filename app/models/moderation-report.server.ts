import { createHmac } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { getEnv, sessionSecrets } from "~/utils/env.server";
import { isModerationKind, KIND_NAMES, type ModerationKind } from "./moderation";
import { isItemId, readItem, setModeration } from "./moderation-items.server";

/*
 * Reports from the public: anyone (no account) reports a published pledge,
 * note, story, organisation or event. Each report joins the item's entry in
 * the moderators' queue; enough open reports hide the item until a moderator
 * looks (REPORTS_TO_HIDE).
 */

export type ReportTarget = { kind: ModerationKind; kindName: string; id: string; title: string; path: string };

/** What may be reported at /report/:kind/:id: a public item of a kind we moderate; null for anything else. */
export async function findReportTarget(kind: string | undefined, id: string | undefined): Promise<ReportTarget | null> {
  if (!isModerationKind(kind) || !isItemId(id)) return null;
  const item = await readItem(prisma, kind, id);
  if (!item?.isPublic) return null;
  return { kind, kindName: KIND_NAMES[kind], id, title: item.title, path: item.path };
}

export type ReportResult = { status: "not-found" } | { status: "reported"; hidden: boolean };

/** Who reported, kept only as a keyed hash of their address: enough to count one person once, never the address. */
function reporterKey(address: string) {
  return createHmac("sha256", sessionSecrets()[0]!).update(`report:${address}`).digest("base64url");
}

/** Decisions after which reports only ask a moderator to look again: one of them already judged the item fine. */
const CLEARED = ["approved", "restored", "dismissed"];

/**
 * Stores a report and opens the item's queue entry (making it if need be). When
 * REPORTS_TO_HIDE different people (by address) have open reports on it, it is
 * hidden until reviewed, unless a moderator has already judged it fine: then
 * reports only put it back in the queue, so nobody can take down what a
 * moderator kept by reporting it again.
 * Reports on one item take turns on its queue entry's row lock, held to the end
 * of the transaction, so each counts the others exactly: the Nth hides it, and
 * one arriving with it is added to the evidence, neither missed nor counted twice.
 */
export async function reportItem(
  kind: string | undefined,
  id: string | undefined,
  report: { reason: string; contactEmail?: string; reporter: string },
): Promise<ReportResult> {
  if (!isModerationKind(kind) || !isItemId(id)) return { status: "not-found" };
  const threshold = getEnv().REPORTS_TO_HIDE;
  try {
    return await prisma.$transaction(async (tx): Promise<ReportResult> => {
      // Most reports that are refused are refused here, before any row is written.
      if (!(await readItem(tx, kind, id))?.isPublic) return { status: "not-found" };
      // A report racing the first for this item waits here for it to commit.
      await tx.$executeRaw`
        INSERT INTO moderation_item (kind, item_id) VALUES (${kind}, ${id}::uuid) ON CONFLICT (kind, item_id) DO NOTHING`;
      const [entry] = await tx.$queryRaw<{ id: bigint; state: string; decision: string | null }[]>`
        SELECT id, state, decision FROM moderation_item WHERE kind = ${kind} AND item_id = ${id}::uuid FOR UPDATE`;
      // Read again under the lock: whoever held it (a report, a moderator) may have changed it.
      const item = await readItem(tx, kind, id);
      const hiddenByReports = entry!.state === "open" && item?.moderation === "hidden";
      if (!item?.isPublic && !hiddenByReports) throw new NoLongerPublic();
      await tx.moderationItem.update({ where: { id: entry!.id }, data: { state: "open", updatedAt: new Date() } });
      await tx.moderationReport.create({
        data: {
          moderationItemId: entry!.id,
          reason: report.reason,
          contactEmail: report.contactEmail ?? null,
          reporterKey: reporterKey(report.reporter),
        },
      });
      const [{ people }] = await tx.$queryRaw<{ people: number }[]>`
        SELECT count(DISTINCT reporter_key)::int AS people FROM moderation_report
        WHERE moderation_item_id = ${entry!.id} AND status = 'open'`;
      const cleared = CLEARED.includes(entry!.decision ?? "");
      const hidden = !cleared && people! >= threshold && (await setModeration(tx, kind, id, "hidden", ["visible"]));
      return { status: "reported", hidden };
    });
  } catch (error) {
    // Rolled back: no report, and the queue entry as a moderator (or nobody) left it.
    if (error instanceof NoLongerPublic) return { status: "not-found" };
    throw error;
  }
}

class NoLongerPublic extends Error {}
