import { prisma } from "~/utils/db.server";
import { appUrl, getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { shortCache } from "~/utils/short-cache.server";
import { DEFAULT_MILESTONES, milestonesPassed } from "./campaign";
import { queueEmailsIn } from "./email-queue.server";
import { getCampaignCounts, getTallyCounts } from "./tally.server";

/*
 * Milestones: when the city's tally or a campaign's passes a share of its
 * target (25, 50, 75 and 100% by default; a campaign sets its own), one email
 * goes to the pledgers who asked for updates (the city's: every such pledger;
 * a campaign's: its own), and the pages celebrate it. The milestone's row is
 * the once: it is inserted with the emails in one transaction, and a second
 * process that sees the same crossing inserts nothing and sends nothing.
 */

export const CITY_SCOPE = "city";

export type ReachedMilestone = { percent: number; target: number; count: number; reachedAt: string };

/** Records the milestones passed and queues the emails for the highest new one, once. Returns the percentages new. */
async function passMilestones(
  scope: string,
  reached: { percents: number[]; count: number; target: number },
  email: { campaignId: string | null; campaignName: string | null; url: string },
) {
  if (!reached.percents.length) return [];
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ percent: number }[]>`
      INSERT INTO milestone (scope, percent, target, count)
      SELECT ${scope}, p, ${reached.target}, ${reached.count} FROM unnest(${reached.percents}::int[]) AS p
      ON CONFLICT (scope, percent) DO NOTHING RETURNING percent`;
    if (!inserted.length) return [];
    // Passed several at once (a bulk load, a lower target): one email, for the highest.
    const percent = Math.max(...inserted.map((m) => m.percent));
    const recipients = await tx.$queryRaw<{ email: string }[]>`
      SELECT DISTINCT ON (email_normalised) email FROM pledge
      WHERE confirmed_at IS NOT NULL AND withdrawn_at IS NULL AND updates_consent AND NOT is_example
        -- A pledge whose condition lapsed never counted: its pledger is not part of the milestone.
        AND NOT EXISTS (SELECT 1 FROM pledge_condition c WHERE c.id = condition_id AND c.status = 'lapsed')
        AND (${email.campaignId}::uuid IS NULL OR campaign_id = ${email.campaignId}::uuid)
      ORDER BY email_normalised, confirmed_at DESC`;
    const props = {
      campaignName: email.campaignName,
      percent,
      count: reached.count,
      target: reached.target,
      url: email.url,
    };
    await queueEmailsIn(
      tx,
      "milestone",
      recipients.map((r) => ({ to: r.email, props })),
    );
    logger.info({ scope, percent, emails: recipients.length }, "milestone passed");
    return inserted.map((m) => m.percent);
  });
}

/**
 * The worker's check, after each tally roll-up: the city against
 * TALLY_TARGET, and every published campaign against its own target.
 */
export async function checkMilestones() {
  const city = await getTallyCounts();
  const target = getEnv().TALLY_TARGET;
  const passed: { scope: string; percents: number[] }[] = [];
  const cityCount = city.count("total");
  const cityPercents = await passMilestones(
    CITY_SCOPE,
    { percents: milestonesPassed(cityCount, target, DEFAULT_MILESTONES), count: cityCount, target },
    { campaignId: null, campaignName: null, url: appUrl("/") },
  );
  if (cityPercents.length) passed.push({ scope: CITY_SCOPE, percents: cityPercents });
  const campaigns = await prisma.campaign.findMany({
    where: { status: "published" },
    select: { id: true, slug: true, name: true, target: true, milestones: true },
  });
  for (const campaign of campaigns) {
    const count = (await getCampaignCounts(campaign.id)).count("total");
    const percents = await passMilestones(
      campaign.id,
      { percents: milestonesPassed(count, campaign.target, campaign.milestones), count, target: campaign.target },
      { campaignId: campaign.id, campaignName: campaign.name, url: appUrl(`/campaigns/${campaign.slug}`) },
    );
    if (percents.length) passed.push({ scope: campaign.id, percents });
  }
  return passed;
}

const reached = shortCache<ReachedMilestone[]>(() => getEnv().TALLY_CACHE_MS);

/**
 * The milestones the city (CITY_SCOPE) or a campaign (its id) has passed, in
 * order; reused for TALLY_CACHE_MS within a process, as the tally is.
 */
export function listMilestones(scope: string): Promise<ReachedMilestone[]> {
  return reached(scope, async () => {
    const rows = await prisma.milestone.findMany({ where: { scope }, orderBy: { percent: "asc" } });
    return rows.map((m) => ({
      percent: m.percent,
      target: m.target,
      count: m.count,
      reachedAt: m.reachedAt.toISOString(),
    }));
  });
}
