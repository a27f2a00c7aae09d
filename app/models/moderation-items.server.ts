import type { Prisma } from "~/generated/prisma/client";
import { CHOICE_LABELS, type CheckInChoice } from "./check-in";
import { eventPath } from "./event";
import { KIND_NAMES, VISIBLE, type ModerationKind, type ModerationState } from "./moderation";
import { displayName } from "./pledge";

/*
 * The things moderators look after, read from their own tables by id, so the
 * report page and the desk see each kind the same way: what it says, where
 * the public sees it, who wrote it (the address a "hidden" email goes to),
 * its moderation state, and whether anyone may see it now.
 */

type Db = Prisma.TransactionClient;

export type ModeratedItem = {
  kind: ModerationKind;
  id: string;
  moderation: ModerationState;
  /** a few words naming it: the pledge's words, the organisation's or the event's name */
  title: string;
  /** what it says, each part labelled as a moderator reads it */
  texts: { label: string; text: string }[];
  /** its public page */
  path: string;
  /** who is told when it is hidden */
  authorEmail: string;
  /** the pledge it is (or belongs to), for the pledge's own emails */
  pledgeId?: string;
  /** shown to anyone now: what may be reported */
  isPublic: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An item id as it may come in an address or a form: a UUID (anything else is no item, not a database error). */
export function isItemId(id: unknown): id is string {
  return typeof id === "string" && UUID.test(id);
}

// What the events pages show (event.server.ts): a draft is its organiser's alone.
const PUBLIC_EVENT_STATUSES = ["published", "cancelled"];

const visible = (moderation: string) => moderation === VISIBLE;

/** A pledge is public once confirmed, until withdrawn. */
const publicPledge = (p: { confirmedAt: Date | null; withdrawnAt: Date | null; moderation: string }) =>
  Boolean(p.confirmedAt) && !p.withdrawnAt && visible(p.moderation);

function short(text: string, max = 80) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** These items of one kind, by id; an id with no row is missing from the map. */
export async function readItems(db: Db, kind: ModerationKind, ids: string[]): Promise<Map<string, ModeratedItem>> {
  const wanted = ids.filter(isItemId);
  const items: ModeratedItem[] = [];
  if (wanted.length === 0) return new Map();
  switch (kind) {
    case "pledge": {
      const rows = await db.pledge.findMany({ where: { id: { in: wanted } } });
      for (const p of rows)
        items.push({
          kind,
          id: p.id,
          moderation: p.moderation as ModerationState,
          title: `“${short(p.commitment)}”`,
          texts: [
            { label: "Pledge", text: p.commitment },
            { label: "Name shown", text: displayName(p.name, p.nameDisplay) },
          ],
          path: `/pledges/${p.id}`,
          authorEmail: p.email,
          pledgeId: p.id,
          isPublic: publicPledge(p),
        });
      break;
    }
    case "check_in": {
      const rows = await db.checkIn.findMany({ where: { id: { in: wanted } }, include: { pledge: true } });
      for (const c of rows)
        items.push({
          kind,
          id: c.id,
          moderation: c.moderation as ModerationState,
          title: c.note ? `“${short(c.note)}”` : `a check-in on “${short(c.pledge.commitment, 40)}”`,
          texts: [
            { label: "Note", text: c.note ?? "(no note)" },
            { label: "Check-in", text: CHOICE_LABELS[c.choice as CheckInChoice] ?? c.choice },
            { label: "On the pledge", text: c.pledge.commitment },
          ],
          path: `/pledges/${c.pledgeId}`,
          authorEmail: c.pledge.email,
          pledgeId: c.pledgeId,
          // A note shows (and so may be reported) only while it and its pledge both show: the report page quotes it.
          isPublic: Boolean(c.note) && c.isPublic && visible(c.moderation) && publicPledge(c.pledge),
        });
      break;
    }
    case "progress_report": {
      const rows = await db.progressReport.findMany({
        where: { id: { in: wanted } },
        include: { commitment: { include: { organisation: true } } },
      });
      for (const r of rows) {
        const organisation = r.commitment.organisation;
        items.push({
          kind,
          id: r.id,
          moderation: r.moderation as ModerationState,
          title: `${organisation.name}: “${short(r.story, 60)}”`,
          texts: [
            { label: "Story", text: r.story },
            { label: "Commitment", text: `${organisation.name}: ${r.commitment.title}` },
          ],
          path: `/organisations/${organisation.slug}`,
          authorEmail: organisation.contactEmail,
          isPublic:
            visible(r.moderation) &&
            r.commitment.status === "active" &&
            organisation.status === "verified" &&
            visible(organisation.moderation),
        });
      }
      break;
    }
    case "organisation": {
      const rows = await db.organisation.findMany({ where: { id: { in: wanted } } });
      for (const o of rows)
        items.push({
          kind,
          id: o.id,
          moderation: o.moderation as ModerationState,
          title: o.name,
          texts: [
            { label: "Name", text: o.name },
            { label: "Description", text: o.description },
          ],
          path: `/organisations/${o.slug}`,
          authorEmail: o.contactEmail,
          isPublic: visible(o.moderation) && o.status === "verified",
        });
      break;
    }
    case "event": {
      const rows = await db.event.findMany({ where: { id: { in: wanted } } });
      for (const e of rows)
        items.push({
          kind,
          id: e.id,
          moderation: e.moderation as ModerationState,
          title: e.title,
          texts: [
            { label: "Title", text: e.title },
            { label: "Description", text: e.description },
          ],
          path: eventPath(e.id),
          authorEmail: e.contactEmail,
          isPublic: visible(e.moderation) && PUBLIC_EVENT_STATUSES.includes(e.status),
        });
      break;
    }
  }
  return new Map(items.map((item) => [item.id, item]));
}

/** One item, or null when there is no such row. */
export async function readItem(db: Db, kind: ModerationKind, id: string) {
  return (await readItems(db, kind, [id])).get(id) ?? null;
}

/**
 * Sets an item's `moderation` column; with `from`, only when it is in one of
 * those states now (a report hides only what is still visible). Returns
 * whether it changed.
 */
export async function setModeration(
  db: Db,
  kind: ModerationKind,
  id: string,
  to: ModerationState,
  from?: ModerationState[],
): Promise<boolean> {
  const where = { id, ...(from ? { moderation: { in: from } } : {}) };
  const data = { moderation: to };
  const table = {
    pledge: () => db.pledge.updateMany({ where, data }),
    check_in: () => db.checkIn.updateMany({ where, data }),
    progress_report: () => db.progressReport.updateMany({ where, data }),
    organisation: () => db.organisation.updateMany({ where, data }),
    event: () => db.event.updateMany({ where, data }),
  }[kind];
  const { count } = await table();
  return count > 0;
}

/** "the pledge “I will…”", "the organisation Example Ltd": an item as a sentence names it. */
export function describeItem(kind: ModerationKind, item: ModeratedItem | null) {
  const name = KIND_NAMES[kind];
  return item ? `the ${name} ${item.title}` : `${/^[aeiou]/.test(name) ? "an" : "a"} ${name} that no longer exists`;
}
