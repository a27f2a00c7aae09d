import type { Prisma } from "~/generated/prisma/client";
import type { QualityKey } from "~/reference/qualities";
import { prisma } from "~/utils/db.server";
import { HIDDEN_PLEDGE_WORDS, VISIBLE } from "./moderation";
import { displayName } from "./pledge";

/*
 * What anyone may see of confirmed pledges: the wall, a ward's pledges, a
 * pledge's page. A pledge the moderation filter held, or a moderator hid, is
 * still listed and still counts, as "A Salford resident's pledge" with no name.
 */

export const PLEDGES_PER_PAGE = 20;

export type PublicPledge = {
  id: string;
  displayName: string;
  commitment: string;
  qualities: string[];
  wardName: string;
  wardSlug: string;
  isExample: boolean;
  confirmedAt: string | null;
  /** the campaign it was made for (findPublicCampaignById names it) */
  campaignId: string | null;
  /** the condition a conditional pledge waits in (getConditionProgress gives "x of N") */
  conditionId: string | null;
  /** conditional, and its condition not yet met: it does not count yet */
  waiting: boolean;
  /** held by the filter or hidden by a moderator: its words and name are not shown here (it still counts) */
  withheld: boolean;
};

/** What a public pledge is read with: its ward, and its condition's status. */
export const PUBLIC_PLEDGE_INCLUDE = {
  ward: { select: { name: true, slug: true } },
  condition: { select: { status: true } },
} as const;
type PledgeWithWard = Prisma.PledgeGetPayload<{ include: typeof PUBLIC_PLEDGE_INCLUDE }>;

/** Counted apart while it waits, a conditional pledge whose condition lapsed never counted: it leaves the lists. */
const NOT_LAPSED: Prisma.PledgeWhereInput = {
  OR: [{ conditional: false }, { condition: { status: { not: "lapsed" } } }],
};

/**
 * Only what the pledger agreed to show: never the email or postcode; and
 * neither words nor name while it is not "visible". `asOwner`: shown to its
 * own pledger (the emailed confirmation link), who sees their own words.
 */
export function toPublicPledge(pledge: PledgeWithWard, { asOwner = false } = {}): PublicPledge {
  const withheld = pledge.moderation !== VISIBLE && !asOwner;
  return {
    id: pledge.id,
    displayName: displayName(pledge.name, withheld ? "anonymous" : pledge.nameDisplay),
    commitment: withheld ? HIDDEN_PLEDGE_WORDS : pledge.commitment,
    qualities: pledge.qualities,
    wardName: pledge.ward.name,
    wardSlug: pledge.ward.slug,
    isExample: pledge.isExample,
    confirmedAt: pledge.confirmedAt?.toISOString() ?? null,
    campaignId: pledge.campaignId,
    conditionId: pledge.conditionId,
    waiting: pledge.conditional && (!pledge.condition || pledge.condition.status === "waiting"),
    withheld,
  };
}

export async function getPublicPledge(id: string) {
  const pledge = await prisma.pledge.findFirst({
    where: { id, confirmedAt: { not: null }, withdrawnAt: null },
    include: PUBLIC_PLEDGE_INCLUDE,
  });
  return pledge ? toPublicPledge(pledge) : null;
}

/** Newest confirmed pledges, a page at a time, optionally by quality, ward and the campaign they were made for. */
export async function listConfirmedPledges(filter: {
  quality?: QualityKey;
  wardCode?: string;
  campaignId?: string;
  page: number;
}) {
  const where: Prisma.PledgeWhereInput = {
    confirmedAt: { not: null },
    withdrawnAt: null,
    ...NOT_LAPSED,
    ...(filter.quality ? { qualities: { has: filter.quality } } : {}),
    ...(filter.wardCode ? { wardCode: filter.wardCode } : {}),
    ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
  };
  const [pledges, total] = await Promise.all([
    prisma.pledge.findMany({
      where,
      include: PUBLIC_PLEDGE_INCLUDE,
      orderBy: [{ confirmedAt: "desc" }, { id: "asc" }],
      skip: (filter.page - 1) * PLEDGES_PER_PAGE,
      take: PLEDGES_PER_PAGE,
    }),
    prisma.pledge.count({ where }),
  ]);
  return {
    pledges: pledges.map((pledge) => toPublicPledge(pledge)),
    total,
    pages: Math.max(1, Math.ceil(total / PLEDGES_PER_PAGE)),
  };
}
