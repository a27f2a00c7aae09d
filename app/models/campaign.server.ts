import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { shortCache } from "~/utils/short-cache.server";
import { calendarDay, campaignPhase, conditionalOffer, type CampaignPhase, type ConditionalOffer } from "./campaign";
import { VISIBLE } from "./moderation";
import { salfordDay } from "./tally.server";

/*
 * Campaigns as the public and the pledge form see them: published or archived
 * only (a draft is the admin's: campaign-admin.server.ts). Counting is the
 * tally's (campaign:<id>:… counters, docs/tally.md).
 */

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

/** Whether a string could be a campaign's slug at all: anything else is not looked up. */
export function isCampaignSlug(slug: string) {
  return SLUG.test(slug);
}

const PUBLIC = { status: { in: ["published", "archived"] } } satisfies Prisma.CampaignWhereInput;

export type CampaignCard = {
  id: string;
  slug: string;
  name: string;
  summary: string;
  startsOn: string;
  endsOn: string;
  target: number;
  qualities: string[];
  wardCodes: string[];
  phase: CampaignPhase;
  isExample: boolean;
};

function toCard(campaign: Prisma.CampaignGetPayload<Record<string, never>>, today: string): CampaignCard {
  return {
    id: campaign.id,
    slug: campaign.slug,
    name: campaign.name,
    summary: campaign.summary,
    startsOn: calendarDay(campaign.startsOn),
    endsOn: calendarDay(campaign.endsOn),
    target: campaign.target,
    qualities: campaign.qualities,
    wardCodes: campaign.wardCodes,
    phase: campaignPhase(campaign, today),
    isExample: campaign.isExample,
  };
}

/** Every published campaign (and archived ones, as past), soonest ending first within each phase. */
export async function listPublicCampaigns(now = new Date()): Promise<CampaignCard[]> {
  const today = salfordDay(now);
  const campaigns = await prisma.campaign.findMany({ where: PUBLIC, orderBy: [{ endsOn: "asc" }, { name: "asc" }] });
  return campaigns.map((c) => toCard(c, today));
}

const running = shortCache<CampaignCard[]>(() => getEnv().TALLY_CACHE_MS);

/** The campaigns running today, reused for TALLY_CACHE_MS within a process: the home page shows them to every visitor. */
export function listRunningCampaigns(now = new Date()) {
  return running(salfordDay(now), async () => (await listPublicCampaigns(now)).filter((c) => c.phase === "running"));
}

export type PublicCampaign = CampaignCard & {
  body: string;
  suggestions: string[];
  milestones: number[];
  conditional: (ConditionalOffer & { deadline: string; open: boolean }) | null;
  partners: { slug: string; name: string; isExample: boolean }[];
};

/** A published or archived campaign by its slug, with its public partners; null for a draft or no such campaign. */
export async function findPublicCampaign(slug: string, now = new Date()): Promise<PublicCampaign | null> {
  if (!isCampaignSlug(slug)) return null;
  const campaign = await prisma.campaign.findFirst({
    where: { slug, ...PUBLIC },
    include: {
      partners: {
        // Those the public sees: verified, and not held or hidden by the moderators.
        where: { organisation: { status: "verified", moderation: VISIBLE } },
        select: { organisation: { select: { slug: true, name: true, isExample: true } } },
        orderBy: { organisation: { name: "asc" } },
      },
    },
  });
  if (!campaign) return null;
  const card = toCard(campaign, salfordDay(now));
  const offer = conditionalOffer(campaign);
  return {
    ...card,
    body: campaign.body,
    suggestions: campaign.suggestions,
    milestones: [...campaign.milestones].sort((a, b) => a - b),
    conditional: offer && {
      ...offer,
      deadline: new Date(offer.deadline).toISOString(),
      open: card.phase === "running" && new Date(offer.deadline) > now,
    },
    partners: campaign.partners.map((p) => p.organisation),
  };
}

// Unknown slugs are not kept: anyone can make them up.
const forPledge = shortCache<PublicCampaign | null>(
  () => getEnv().TALLY_CACHE_MS,
  (found) => found !== null,
);

/**
 * The campaign a pledge form names, reused for TALLY_CACHE_MS within a
 * process: every sign-up into a campaign asks, and a spike must not become a
 * read spike.
 */
export function findCampaignForPledge(slug: string): Promise<PublicCampaign | null> {
  if (!isCampaignSlug(slug)) return Promise.resolve(null);
  return forPledge(slug, () => findPublicCampaign(slug));
}

/** A published or archived campaign's slug, name and phase by its id (a pledge's page names its campaign); null for a draft. */
export async function findPublicCampaignById(id: string | null, now = new Date()) {
  if (!id) return null;
  const campaign = await prisma.campaign.findFirst({ where: { id, ...PUBLIC } });
  return campaign && toCard(campaign, salfordDay(now));
}
