import { randomUUID } from "node:crypto";
import { createCampaignWithSuggestion, type SuggestingCampaign } from "./campaign-data";
import { withDatabase } from "./database";
import { createPublicEvent, type PublicTestEvent } from "./event-data";

/*
 * Events and campaigns for the kiosk and pledge-card tests, written straight
 * into the e2e site's database, as an organiser would have published them.
 */

/** A published campaign running from a week ago for a month, about partnerships, with one suggestion of its own. */
export async function createStallCampaign(): Promise<SuggestingCampaign> {
  const key = randomUUID().slice(0, 8);
  return createCampaignWithSuggestion({
    slug: `stall-${key}`,
    name: `Market Friends ${key}`,
    suggestion: `I will say hello to the stallholders on my street (${key}).`,
  });
}

/** A published event at Ordsall Hall that started an hour ago and ends in two hours, with no limit on places, for a campaign if given. */
export function createStallEvent(
  options: { campaignId?: string; status?: "published" | "draft" } = {},
): Promise<PublicTestEvent> {
  return createPublicEvent({
    ...options,
    title: `Stall at Salford Market ${randomUUID().slice(0, 8)}`,
    description: "Come and make a pledge at our stall.",
    startsIn: "-1 hour",
    hours: 3,
    capacity: null,
    accessible: false,
  });
}

/** The event and campaign a pledge was stored with, by its email address. */
export async function pledgeAttribution(email: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ event_id: string | null; campaign_id: string | null }>(
      "SELECT event_id, campaign_id FROM pledge WHERE email = $1",
      [email],
    );
    return rows;
  });
}
