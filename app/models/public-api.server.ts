import { appUrl } from "~/utils/env.server";
import type { CampaignSummaryAnswer, EventAnswer } from "./api-schemas";
import { listPublicCampaigns, type CampaignCard, type PublicCampaign } from "./campaign.server";
import { eventPath } from "./event";
import { listUpcomingEvents, type EventCard } from "./event.server";
import { listMilestones } from "./milestone.server";
import { listConditionProgress } from "./pledge-condition.server";
import { getCampaignCounts, getCampaignTally } from "./tally.server";
import { publishSmallCount } from "./ward-figures";
import { listWards } from "./ward.server";

/*
 * The public API's answers about campaigns and events, composed from the campaign,
 * tally, milestone and condition models; their shapes are in api-schemas.ts.
 */

function campaignSummary(campaign: CampaignCard, total: number): CampaignSummaryAnswer {
  return {
    slug: campaign.slug,
    name: campaign.name,
    summary: campaign.summary,
    startsAt: campaign.startsOn,
    endsAt: campaign.endsOn,
    // Public campaigns only: never a draft.
    phase: campaign.phase as CampaignSummaryAnswer["phase"],
    target: campaign.target,
    total,
    url: appUrl(`/campaigns/${campaign.slug}`),
  };
}

/** Every public campaign (published, and archived as past) with its total. */
export async function listCampaignSummaries() {
  const campaigns = await listPublicCampaigns();
  return Promise.all(
    campaigns.map(async (campaign) => campaignSummary(campaign, (await getCampaignCounts(campaign.id)).count("total"))),
  );
}

/** One public campaign's tally, as /api/tally?campaign= answers it. */
export async function campaignTallyAnswer(campaign: PublicCampaign) {
  const tally = await getCampaignTally(campaign.id);
  return {
    campaign: { slug: campaign.slug, name: campaign.name },
    ...tally,
    waiting: publishSmallCount(tally.waiting),
    target: campaign.target,
  };
}

/**
 * Everything public about one campaign: its summary, tally (wards suppressed
 * below 5), milestones passed and, when it offers conditional pledges, "x of
 * N" for each condition (a ward's signers below 5 suppressed like its pledges).
 */
export async function campaignAnswer(campaign: PublicCampaign) {
  const [tally, milestones, conditions, wards] = await Promise.all([
    getCampaignTally(campaign.id),
    listMilestones(campaign.id),
    campaign.conditional ? listConditionProgress(campaign.id) : null,
    listWards(),
  ]);
  const wardNames = new Map(wards.map((w) => [w.code, w.name]));
  return {
    ...campaignSummary(campaign, tally.total),
    kept: tally.kept,
    waiting: publishSmallCount(tally.waiting),
    byQuality: tally.byQuality,
    byWard: tally.byWard,
    milestones,
    conditions:
      conditions?.map((condition) => {
        const ward = condition.wardCode
          ? { code: condition.wardCode, name: wardNames.get(condition.wardCode) ?? condition.wardCode }
          : null;
        return {
          ward,
          signers: condition.signers,
          fewerThan5: condition.fewerThan5,
          threshold: condition.threshold,
          deadline: condition.deadline,
          status: condition.status as "waiting" | "on" | "lapsed",
        };
      }) ?? null,
  };
}

function eventAnswer(event: EventCard): EventAnswer {
  const place =
    event.mode === "place" && event.postcode && event.ward && event.lat !== null && event.lon !== null
      ? {
          venueName: event.venueName,
          address: event.address,
          postcode: event.postcode,
          ward: event.ward,
          lat: event.lat,
          lon: event.lon,
        }
      : ("online" as const);
  return {
    id: event.id,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    status: event.status,
    place,
    capacity: event.capacity,
    going: event.going,
    url: appUrl(eventPath(event.id)),
  };
}

/** Every public event not yet ended (cancelled ones marked), soonest first; never a draft, never a joining link. */
export async function listEventAnswers() {
  return (await listUpcomingEvents()).map(eventAnswer);
}
