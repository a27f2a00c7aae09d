import { stringify } from "csv-stringify";
import { Readable, pipeline } from "node:stream";
import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import { QUALITIES, QUALITY_KEYS } from "~/reference/qualities";
import { shiftDay, daysBetween } from "~/utils/calendar-days";
import { prisma } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { getCampaignFigures, getQualityFigures, sectorFigures } from "./admin-figures.server";
import { spreadsheetTime } from "./event";
import { isEventId } from "./permissions.server";
import { getDailySeries, getTally, getWardFigures, salfordDay } from "./tally.server";
import { FEWER_THAN } from "./ward-figures";
import { listWards } from "./ward.server";

/*
 * The desk's CSV files (docs/dashboard-and-exports.md). Aggregates (the
 * tally's figures, wards below 5 shown as "fewer than 5" as everywhere) for
 * admins and moderators; personal data (names and email addresses) for admins
 * only. Every file is streamed: rows are read from the database a page at a
 * time and written out as they come, so a million rows never sit in memory.
 * Every download is recorded in the audit log before the first byte goes out.
 */

export const EXPORT_FILTERS = ["from", "to", "ward", "campaign", "quality", "event"] as const;
export type ExportFilterKey = (typeof EXPORT_FILTERS)[number];

type ExportDefinition = {
  title: string;
  /** what a row is, for the exports page and the docs */
  description: string;
  /** names and email addresses: admins only */
  personal: boolean;
  filters: readonly ExportFilterKey[];
};

export const EXPORTS = {
  "pledges-by-day": {
    title: "Pledges by day",
    description:
      "One row a day (Salford's days): the pledges that began to count that day. The last 365 days unless you choose dates.",
    personal: false,
    filters: ["from", "to", "campaign"],
  },
  "pledges-by-ward": {
    title: "Pledges by ward",
    description: `One row a ward: its residents (Census 2021), its pledges and pledges per 1,000 residents; a ward with ${FEWER_THAN} shows only that.`,
    personal: false,
    filters: ["campaign", "quality"],
  },
  "pledges-by-quality": {
    title: "Pledges by quality",
    description: "One row a quality: residents' pledges made and kept under it, and the organisations committed to it.",
    personal: false,
    filters: ["campaign"],
  },
  "pledges-by-sector": {
    title: "Organisations by sector",
    description: "One row a sector: the verified organisations in it with at least one active commitment.",
    personal: false,
    filters: [],
  },
  "pledges-by-campaign": {
    title: "Pledges by campaign",
    description: "One row a campaign (drafts aside): its target, pledges, kept pledges and pledges waiting.",
    personal: false,
    filters: [],
  },
  "news-pledgers": {
    title: "Pledgers who agreed to news",
    description:
      "One row a person with a confirmed pledge who agreed to the Alliance's news: name, email, ward, qualities and when they first confirmed. Anyone who withdrew, unsubscribed from news or whose address is suppressed is left out.",
    personal: true,
    filters: ["ward", "campaign", "from", "to"],
  },
  "event-attendees": {
    title: "Event attendees",
    description:
      "One row a confirmed reply to an event: the event, when it starts, name, email, status and whether they attended.",
    personal: true,
    filters: ["event"],
  },
  "organisation-contacts": {
    title: "Organisation contacts",
    description:
      "One row an organisation member (or one for an organisation without members): organisation, status, contact email, the member's email and role.",
    personal: true,
    filters: [],
  },
} as const satisfies Record<string, ExportDefinition>;

export type ExportName = keyof typeof EXPORTS;
export const EXPORT_NAMES = Object.keys(EXPORTS) as ExportName[];

export function isExportName(name: string | undefined): name is ExportName {
  return name !== undefined && Object.hasOwn(EXPORTS, name);
}

/** The roles that may download it: personal data is the admins' alone. */
export function exportRoles(name: ExportName): ("admin" | "moderator")[] {
  return EXPORTS[name].personal ? ["admin"] : ["admin", "moderator"];
}

const FILTER_NAMES: Record<ExportFilterKey, string> = {
  from: "from",
  to: "to",
  ward: "ward",
  campaign: "campaign",
  quality: "quality",
  event: "event",
};

const Day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Write the ${label} date as YYYY-MM-DD.`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && shiftDay(d, 0) === d, {
      message: `The ${label} date is not a real date.`,
    });

const FilterSchema = z
  .object({
    from: Day("from").optional(),
    to: Day("to").optional(),
    ward: z
      .string()
      .max(100, "No ward has that name.")
      .regex(/^[a-z0-9-]+$/, "No ward has that name.")
      .optional(),
    campaign: z
      .string()
      .max(200, "No campaign has that address.")
      .regex(/^[a-z0-9-]+$/, "No campaign has that address.")
      .optional(),
    quality: z.enum(QUALITY_KEYS, { message: `The quality is one of ${QUALITY_KEYS.join(", ")}.` }).optional(),
    event: z
      .string()
      .refine((id) => isEventId(id), "No event has that id.")
      .optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The from date is after the to date." });

/** A filter as the URL gave it, checked: the readable form (slugs) goes in the audit log. */
export type ExportFilter = z.infer<typeof FilterSchema>;

/** The filter with what it names looked up: ids for the queries. */
type ResolvedFilter = ExportFilter & { wardCode?: string; campaignId?: string };

/** The longest run of days one file of days may cover: ten years. */
export const MAX_DAYS = 3660;

/**
 * The export's filter from the query string: blank fields (a form sends
 * them) are no filter; a filter the export does not take, or one that names
 * nothing, is refused with a message a person can act on.
 */
export async function readExportFilter(
  name: ExportName,
  query: URLSearchParams,
): Promise<{ ok: true; filter: ExportFilter; resolved: ResolvedFilter } | { ok: false; message: string }> {
  const allowed: readonly string[] = EXPORTS[name].filters;
  const raw: Record<string, string> = {};
  for (const [key, value] of query) {
    if (value.trim() === "") continue;
    if (!allowed.includes(key))
      return {
        ok: false,
        message: `${EXPORTS[name].title} cannot be filtered by “${key.slice(0, 40)}”.${allowed.length ? ` It takes: ${allowed.map((k) => FILTER_NAMES[k as ExportFilterKey]).join(", ")}.` : ""}`,
      };
    if (key in raw) return { ok: false, message: `Give “${key}” once.` };
    raw[key] = value.trim();
  }
  const parsed = FilterSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const filter = parsed.data;
  if (filter.from && filter.to && daysBetween(filter.from, filter.to) > MAX_DAYS)
    return { ok: false, message: "Choose at most ten years of days." };
  const resolved: ResolvedFilter = { ...filter };
  if (filter.ward) {
    const ward = (await listWards()).find((w) => w.slug === filter.ward);
    if (!ward) return { ok: false, message: "No ward has that name." };
    resolved.wardCode = ward.code;
  }
  if (filter.campaign) {
    const campaign = await prisma.campaign.findUnique({ where: { slug: filter.campaign }, select: { id: true } });
    if (!campaign) return { ok: false, message: "No campaign has that address." };
    resolved.campaignId = campaign.id;
  }
  if (filter.event) {
    const event = await prisma.event.findUnique({ where: { id: filter.event }, select: { id: true } });
    if (!event) return { ok: false, message: "No event has that id." };
  }
  return { ok: true, filter, resolved };
}

/** The filter in words, for the audit log's sentence and the file's name. */
export function describeFilter(filter: ExportFilter) {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(", ") : "no filter";
}

/** The download's file name: the export's name, the filter, the day. */
export function exportFileName(name: ExportName, filter: ExportFilter, now = new Date()) {
  const parts = Object.values(filter).filter((v): v is string => typeof v === "string");
  return [name, ...parts, salfordDay(now)].join("_").replace(/[^a-z0-9_-]/gi, "-") + ".csv";
}

/**
 * The audit entry of one download (export.<name>), with who, what and the
 * filter: written before the file is, so a download that starts is always on
 * the record.
 */
export async function recordExport(actor: AuditActor, name: ExportName, filter: ExportFilter) {
  await recordAudit(actor, {
    action: `export.${name}`,
    subject: { kind: "export", id: null },
    summary: `Downloaded “${EXPORTS[name].title}” (${describeFilter(filter)}).`,
    after: { export: name, personal: EXPORTS[name].personal, filter },
  });
}

type Cell = string | number;
type Rows = AsyncIterable<Cell[]>;

/** Rows a page at a time: `page(after)` gives the next page after a key, and the key of its last row. */
async function* paged<T>(page: (after: T | null) => Promise<{ rows: Cell[][]; last: T | null }>): Rows {
  let after: T | null = null;
  for (;;) {
    const { rows, last } = await page(after);
    yield* rows;
    if (last === null) return;
    after = last;
  }
}

/** Rows read a page at a time: a page's size. */
export const PAGE_SIZE = 1000;

const quality = (key: string) => QUALITIES.find((q) => q.key === key)?.name ?? key;
const byQualityOrder = (a: string, b: string) =>
  QUALITY_KEYS.indexOf(a as (typeof QUALITY_KEYS)[number]) - QUALITY_KEYS.indexOf(b as (typeof QUALITY_KEYS)[number]);

async function* pledgesByDay(f: ResolvedFilter): Rows {
  const today = salfordDay(new Date());
  const to = f.to ?? today;
  const from = f.from ?? shiftDay(to, -364);
  for (const d of await getDailySeries({ from, to, campaignId: f.campaignId })) yield [d.day, d.pledges];
}

async function* pledgesByWard(f: ResolvedFilter): Rows {
  for (const w of await getWardFigures({ campaignId: f.campaignId, quality: f.quality }))
    yield [w.code, w.name, w.population, w.pledges ?? FEWER_THAN, w.perThousand ?? ""];
}

async function* pledgesByQuality(f: ResolvedFilter): Rows {
  for (const q of await getQualityFigures(f.campaignId)) yield [q.key, q.name, q.made, q.kept, q.organisations];
}

async function* pledgesBySector(): Rows {
  for (const s of sectorFigures((await getTally()).bySector)) yield [s.key, s.name, s.organisations];
}

async function* pledgesByCampaign(): Rows {
  for (const c of await getCampaignFigures())
    yield [c.name, c.slug, c.status, c.target, c.pledges, c.kept, c.waiting ?? FEWER_THAN];
}

/**
 * One row per person (their normalised address), read in pages along the
 * pledge table's (email_normalised, commitment_key) index: their latest
 * pledge's name, address and ward, the qualities of all their pledges, the
 * day they first confirmed.
 */
function newsPledgers(f: ResolvedFilter): Rows {
  const where = [
    Prisma.sql`p.news_consent AND p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL AND NOT p.is_example`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM email_suppression s WHERE s.email_normalised = p.email_normalised)`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM email_preference e WHERE e.email_normalised = p.email_normalised AND e.category = 'news')`,
  ];
  if (f.wardCode) where.push(Prisma.sql`p.ward_code = ${f.wardCode}`);
  if (f.campaignId) where.push(Prisma.sql`p.campaign_id = ${f.campaignId}::uuid`);
  // Salford's days: from the start of `from` to the end of `to`, London time.
  if (f.from) where.push(Prisma.sql`p.confirmed_at >= (${f.from}::date::timestamp AT TIME ZONE 'Europe/London')`);
  if (f.to) where.push(Prisma.sql`p.confirmed_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London')`);
  return paged<string>(async (after) => {
    const rows = await prisma.$queryRaw<
      { key: string; name: string; email: string; ward: string; qualities: string[]; first: Date }[]
    >`
      SELECT p.email_normalised AS key,
             (array_agg(p.name ORDER BY p.confirmed_at DESC))[1] AS name,
             (array_agg(p.email ORDER BY p.confirmed_at DESC))[1] AS email,
             (array_agg(w.name ORDER BY p.confirmed_at DESC))[1] AS ward,
             array_agg(DISTINCT q.quality) FILTER (WHERE q.quality IS NOT NULL) AS qualities,
             min(p.confirmed_at) AS first
      FROM pledge p
        JOIN ward w ON w.code = p.ward_code
        LEFT JOIN LATERAL unnest(p.qualities) AS q(quality) ON true
      WHERE ${Prisma.join(where, " AND ")} ${after === null ? Prisma.empty : Prisma.sql`AND p.email_normalised > ${after}`}
      GROUP BY p.email_normalised
      ORDER BY p.email_normalised
      LIMIT ${PAGE_SIZE}`;
    return {
      rows: rows.map((r) => [
        r.name,
        r.email,
        r.ward,
        [...(r.qualities ?? [])].sort(byQualityOrder).map(quality).join("; "),
        spreadsheetTime(r.first),
      ]),
      last: rows.length === PAGE_SIZE ? rows.at(-1)!.key : null,
    };
  });
}

/** Everyone who confirmed a reply (going, offered a place, waiting, cancelled), a page at a time by the reply's id. */
function eventAttendees(f: ResolvedFilter): Rows {
  return paged<string>(async (after) => {
    const rows = await prisma.$queryRaw<
      {
        id: string;
        title: string;
        starts_at: Date;
        name: string;
        email: string;
        status: string;
        confirmed_at: Date | null;
        attended_at: Date | null;
      }[]
    >`
      SELECT r.id::text AS id, e.title, e.starts_at, r.name, r.email, r.status, r.confirmed_at, r.attended_at
      FROM rsvp r JOIN event e ON e.id = r.event_id
      WHERE r.status IN ('going', 'offered', 'waiting', 'cancelled')
        ${f.event ? Prisma.sql`AND r.event_id = ${f.event}::uuid` : Prisma.empty}
        ${after === null ? Prisma.empty : Prisma.sql`AND r.id > ${after}::uuid`}
      ORDER BY r.id
      LIMIT ${PAGE_SIZE}`;
    return {
      rows: rows.map((r) => [
        r.title,
        spreadsheetTime(r.starts_at),
        r.name,
        r.email,
        r.status,
        r.confirmed_at ? spreadsheetTime(r.confirmed_at) : "",
        r.attended_at ? "yes" : "no",
      ]),
      last: rows.length === PAGE_SIZE ? rows.at(-1)!.id : null,
    };
  });
}

/** Organisations a page at a time by id, each with its members (one row each, or one row without). */
function organisationContacts(): Rows {
  const pageSize = 200;
  return paged<string>(async (after) => {
    const organisations = await prisma.organisation.findMany({
      where: { isExample: false, ...(after === null ? {} : { id: { gt: after } }) },
      select: {
        id: true,
        name: true,
        status: true,
        contactEmail: true,
        contactConfirmedAt: true,
        members: {
          select: { role: true, user: { select: { email: true } } },
          orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        },
      },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    const rows: Cell[][] = [];
    for (const o of organisations) {
      const common = [o.name, o.status, o.contactEmail, o.contactConfirmedAt ? "yes" : "no"];
      if (o.members.length === 0) rows.push([...common, "", ""]);
      for (const m of o.members) rows.push([...common, m.user.email, m.role]);
    }
    return { rows, last: organisations.length === pageSize ? organisations.at(-1)!.id : null };
  });
}

const FILES: Record<ExportName, { columns: string[]; rows: (f: ResolvedFilter) => Rows }> = {
  "pledges-by-day": { columns: ["day", "pledges"], rows: pledgesByDay },
  "pledges-by-ward": {
    columns: ["ward code", "ward", "residents", "pledges", "pledges per 1,000 residents"],
    rows: pledgesByWard,
  },
  "pledges-by-quality": {
    columns: ["quality key", "quality", "resident pledges", "kept", "organisations"],
    rows: pledgesByQuality,
  },
  "pledges-by-sector": { columns: ["sector key", "sector", "organisations"], rows: pledgesBySector },
  "pledges-by-campaign": {
    columns: ["campaign", "address", "status", "target", "pledges", "kept", "waiting"],
    rows: pledgesByCampaign,
  },
  "news-pledgers": {
    columns: ["name", "email", "ward", "qualities", "first confirmed"],
    rows: newsPledgers,
  },
  "event-attendees": {
    columns: ["event", "starts", "name", "email", "status", "confirmed at", "attended"],
    rows: eventAttendees,
  },
  "organisation-contacts": {
    columns: ["organisation", "status", "contact email", "contact confirmed", "member email", "member role"],
    rows: organisationContacts,
  },
};

/**
 * The file, as a stream of CSV: a header row, then the rows as the database
 * gives them. A cell a spreadsheet would run as a formula (starting = + - @,
 * a tab or a carriage return) gets a leading ': names are whatever people
 * typed into public forms. A byte-order mark first, so a spreadsheet reads
 * the file as UTF-8.
 */
export function exportCsv(name: ExportName, resolved: ResolvedFilter): Readable {
  const file = FILES[name];
  const out = stringify({ header: true, columns: file.columns, escape_formulas: true, bom: true });
  // An error while reading ends the file short (the download fails) instead of sending a partial file as whole.
  pipeline(Readable.from(file.rows(resolved)), out, () => {});
  return out;
}
