// Campaign rules shared by the server and the browser: phases and conditional pledging.

export const CAMPAIGN_STATUSES = ["draft", "published", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CONDITION_SCOPES = ["campaign", "ward"] as const;
export type ConditionScope = (typeof CONDITION_SCOPES)[number];
export const DEFAULT_MILESTONES = [25, 50, 75, 100];

/** draft: admins only; upcoming, running, past: public (an archived campaign is past, whatever its dates). */
export type CampaignPhase = "draft" | "upcoming" | "running" | "past";

/** A calendar date as stored (a DATE column reads as UTC midnight): YYYY-MM-DD. */
export function calendarDay(date: Date | string) {
  return new Date(date).toISOString().slice(0, 10);
}

/** Where a campaign is on `today` (Salford's date, YYYY-MM-DD). Its start and end days are both in it. */
export function campaignPhase(
  campaign: { status: string; startsOn: Date | string; endsOn: Date | string },
  today: string,
): CampaignPhase {
  if (campaign.status === "draft") return "draft";
  if (campaign.status === "archived" || calendarDay(campaign.endsOn) < today) return "past";
  if (calendarDay(campaign.startsOn) > today) return "upcoming";
  return "running";
}

export type ConditionalOffer = { threshold: number; deadline: Date | string; scope: ConditionScope };

/** The campaign's conditional pledging, when it offers it (all three set). */
export function conditionalOffer(campaign: {
  conditionalThreshold: number | null;
  conditionalDeadline: Date | string | null;
  conditionalScope: string | null;
}): ConditionalOffer | null {
  const { conditionalThreshold: threshold, conditionalDeadline: deadline, conditionalScope: scope } = campaign;
  if (!threshold || !deadline || (scope !== "campaign" && scope !== "ward")) return null;
  return { threshold, deadline, scope };
}

/** The milestones passed by `count` of `target`, as percentages (ascending). */
export function milestonesPassed(count: number, target: number, milestones: number[]) {
  return [...milestones].sort((a, b) => a - b).filter((percent) => count * 100 >= target * percent);
}
