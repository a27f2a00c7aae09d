import { QUALITIES, type QualityKey } from "~/reference/qualities";
import { SECTORS } from "~/reference/sectors";
import { shiftDay } from "~/utils/calendar-days";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { shortCache } from "~/utils/short-cache.server";
import { publishSmallCount, type WardFigure } from "./ward-figures";
import {
  getCampaignCounts,
  getDailySeries,
  getTally,
  getTallyCounts,
  salfordDay,
  type DailyCount,
} from "./tally.server";
import { listWards } from "./ward.server";

/*
 * The figures on the Alliance's desk (/admin) and in its aggregate exports.
 * Every figure is an aggregate: the tally's counters (a read of a few hundred
 * rows whatever the number of pledges), or one grouped query on an indexed
 * column. Nothing here loops over pledges.
 */

/** What waits for the desk: open items in the moderation queue, new requests for a hand. */
export type QueueSizes = { moderation: number; help: number };

export async function getQueueSizes(): Promise<QueueSizes> {
  // Both counts read an index that starts with the state (moderation_item (state, created_at), help_request (status, created_at)).
  const [moderation, help] = await Promise.all([
    prisma.moderationItem.count({ where: { state: "open" } }),
    prisma.helpRequest.count({ where: { status: "new" } }),
  ]);
  return { moderation, help };
}

/**
 * Signed → confirmed → kept: every pledge ever made (examples aside), those
 * whose pledger confirmed their address, and of those the ones they say they
 * have done; withdrawn ones are counted apart (a withdrawn pledge still went
 * through the steps it went through). One pass over the pledge table.
 */
export type Funnel = { signed: number; confirmed: number; kept: number; withdrawn: number };

export function getFunnel(): Promise<Funnel> {
  return funnels("", readFunnel);
}

/**
 * The funnel is the one figure here that reads every pledge (a single pass,
 * about a second at a million on a busy machine), so it is reused for a
 * minute within a process; never when the tally's own reuse is off (tests).
 */
const funnels = shortCache<Funnel>(() => (getEnv().TALLY_CACHE_MS === 0 ? 0 : 60_000));

async function readFunnel(): Promise<Funnel> {
  const [row] = await prisma.$queryRaw<{ signed: bigint; confirmed: bigint; kept: bigint; withdrawn: bigint }[]>`
    SELECT count(*) AS signed,
           count(*) FILTER (WHERE confirmed_at IS NOT NULL) AS confirmed,
           count(*) FILTER (WHERE confirmed_at IS NOT NULL AND done_at IS NOT NULL) AS kept,
           count(*) FILTER (WHERE withdrawn_at IS NOT NULL) AS withdrawn
    FROM pledge
    WHERE NOT is_example`;
  return {
    signed: Number(row?.signed ?? 0),
    confirmed: Number(row?.confirmed ?? 0),
    kept: Number(row?.kept ?? 0),
    withdrawn: Number(row?.withdrawn ?? 0),
  };
}

/** A week of the series: its Monday and the pledges that began to count in it. */
export type WeeklyCount = { week: string; pledges: number };

/** The Monday on or before a day. */
export function mondayOf(day: string) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 is Sunday
  return shiftDay(day, -((weekday + 6) % 7));
}

/**
 * Pledges counted per week (Monday to Sunday, Salford's days), the `weeks`
 * weeks to the one holding `today`, every week present. Summed from the
 * tally's days, so a week is exactly its days on the public charts.
 */
export async function getWeeklySeries(today: string, weeks: number, campaignId?: string): Promise<WeeklyCount[]> {
  const from = shiftDay(mondayOf(today), -7 * (weeks - 1));
  const days = await getDailySeries({ from, to: today, campaignId });
  const series: WeeklyCount[] = [];
  for (let i = 0; i < days.length; i += 7) {
    const week = days.slice(i, i + 7);
    series.push({ week: week[0]!.day, pledges: week.reduce((sum, d) => sum + d.pledges, 0) });
  }
  return series;
}

/** Made and kept under one quality: resident pledges only (organisations count under qualities too, apart). */
export type QualityFigure = { key: QualityKey; name: string; made: number; kept: number; organisations: number };

/**
 * Resident pledges by quality, made and kept. The tally's `quality:<key>`
 * counts organisations too; the residents' own are the sum of their wards'
 * counts under the quality (every counted pledge has a ward).
 */
export async function getQualityFigures(campaignId?: string): Promise<QualityFigure[]> {
  const [wards, counts] = await Promise.all([
    listWards(),
    campaignId ? getCampaignCounts(campaignId) : getTallyCounts(),
  ]);
  return QUALITIES.map((q) => {
    const made = wards.reduce((sum, w) => sum + counts.count(`ward:${w.code}:quality:${q.key}`), 0);
    const all = counts.count(`quality:${q.key}`);
    return {
      key: q.key,
      name: q.name,
      made,
      kept: counts.count(`kept:quality:${q.key}`),
      // A campaign's counters hold pledges only.
      organisations: campaignId ? 0 : all - made,
    };
  });
}

/** Counted organisations in one sector. */
export type SectorFigure = { key: string; name: string; organisations: number };

export function sectorFigures(bySector: Record<string, number>): SectorFigure[] {
  return SECTORS.map((s) => ({ key: s.key, name: s.name, organisations: bySector[s.key] ?? 0 }));
}

/** One campaign's pledges (its own counters), with its target. */
export type CampaignFigure = {
  id: string;
  slug: string;
  name: string;
  status: string;
  target: number;
  pledges: number;
  kept: number;
  /** conditional pledges waiting: null when fewer than 5 (they may all be one ward's) */
  waiting: number | null;
};

/** Every campaign but drafts, newest first, with its counts: one read of a few rows each, never of pledges. */
export async function getCampaignFigures(): Promise<CampaignFigure[]> {
  const campaigns = await prisma.campaign.findMany({
    where: { status: { not: "draft" } },
    select: { id: true, slug: true, name: true, status: true, target: true },
    orderBy: [{ startsOn: "desc" }, { name: "asc" }],
  });
  const counts = await Promise.all(campaigns.map((c) => getCampaignCounts(c.id)));
  return campaigns.map((c, i) => ({
    ...c,
    pledges: counts[i]!.count("total"),
    kept: counts[i]!.count("kept"),
    waiting: publishSmallCount(counts[i]!.count("waiting")),
  }));
}

/** What the queue did with each message, and what the provider said about the ones it sent (webhooks). */
export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed", "suppressed"] as const;
export const EMAIL_DELIVERIES = ["delivered", "bounced", "complained", "delayed"] as const;

export type EmailHealth = {
  byStatus: Record<(typeof EMAIL_STATUSES)[number], number>;
  /** sent messages the provider has said nothing more about yet are in none of these */
  byDelivery: Record<(typeof EMAIL_DELIVERIES)[number], number>;
};

/** Email messages by state and by delivery: one grouped query. */
export async function getEmailHealth(): Promise<EmailHealth> {
  const rows = await prisma.$queryRaw<{ status: string; delivery: string | null; count: bigint }[]>`
    SELECT status, delivery, count(*) AS count FROM email_message GROUP BY status, delivery`;
  const byStatus = Object.fromEntries(EMAIL_STATUSES.map((s) => [s, 0])) as EmailHealth["byStatus"];
  const byDelivery = Object.fromEntries(EMAIL_DELIVERIES.map((d) => [d, 0])) as EmailHealth["byDelivery"];
  for (const row of rows) {
    const n = Number(row.count);
    if (row.status in byStatus) byStatus[row.status as keyof EmailHealth["byStatus"]] += n;
    if (row.delivery && row.delivery in byDelivery) byDelivery[row.delivery as keyof EmailHealth["byDelivery"]] += n;
  }
  return { byStatus, byDelivery };
}

export type DashboardFigures = {
  today: string;
  total: number;
  residents: number;
  organisations: number;
  kept: number;
  waiting: number;
  target: number;
  funnel: Funnel;
  last30: DailyCount[];
  last90: DailyCount[];
  weekly: WeeklyCount[];
  byQuality: QualityFigure[];
  byWard: WardFigure[];
  bySector: SectorFigure[];
  byCampaign: CampaignFigure[];
  email: EmailHealth;
  updatedAt: string;
};

/** Weeks in the weekly series: half a year. */
export const WEEKS_SHOWN = 26;

/** Everything /admin draws, in one go. */
export async function getDashboardFigures(now = new Date()): Promise<DashboardFigures> {
  const today = salfordDay(now);
  const [tally, funnel, last90, weekly, byQuality, byCampaign, email] = await Promise.all([
    getTally(),
    getFunnel(),
    getDailySeries({ from: shiftDay(today, -89), to: today }),
    getWeeklySeries(today, WEEKS_SHOWN),
    getQualityFigures(),
    getCampaignFigures(),
    getEmailHealth(),
  ]);
  return {
    today,
    total: tally.total,
    residents: tally.residents,
    organisations: tally.organisations,
    kept: tally.kept,
    waiting: tally.waiting,
    target: tally.target,
    funnel,
    last30: last90.slice(-30),
    last90,
    weekly,
    byQuality,
    byWard: tally.byWard,
    bySector: sectorFigures(tally.bySector),
    byCampaign,
    email,
    updatedAt: tally.updatedAt,
  };
}
