import { randomUUID } from "node:crypto";
import { withDatabase } from "./database";

/*
 * Events and campaigns for the kiosk and pledge-card tests, written straight
 * into the e2e site's database, as an organiser would have published them.
 */

export type StallCampaign = { id: string; slug: string; name: string; suggestion: string };

/** A published campaign running from a week ago for a month, about partnerships, with one suggestion of its own. */
export async function createStallCampaign(): Promise<StallCampaign> {
  const id = randomUUID();
  const slug = `stall-${id.slice(0, 8)}`;
  const campaign = {
    id,
    slug,
    name: `Market Friends ${id.slice(0, 8)}`,
    suggestion: `I will say hello to the stallholders on my street (${id.slice(0, 8)}).`,
  };
  await withDatabase((client) =>
    client.query(
      `INSERT INTO campaign (id, slug, name, summary, body, starts_on, ends_on, target, qualities, ward_codes,
         suggestions, status, published_at)
       VALUES ($1, $2, $3, 'Neighbours who know each other look out for each other.', 'Why it matters.',
         current_date - 7, current_date + 30, 100, '{partnerships}', '{}', $4, 'published', now())`,
      [id, slug, campaign.name, [campaign.suggestion]],
    ),
  );
  return campaign;
}

export type StallEvent = { id: string; title: string };

/** A published event at Ordsall Hall that started an hour ago and ends in two hours, for a campaign if given. */
export async function createStallEvent(options: { campaignId?: string; status?: string } = {}): Promise<StallEvent> {
  const id = randomUUID();
  const title = `Stall at Salford Market ${id.slice(0, 8)}`;
  await withDatabase((client) =>
    client.query(
      `INSERT INTO event (id, title, description, starts_at, ends_at, mode, venue_name, address, postcode, ward_code,
         lat, lon, campaign_id, contact_name, contact_email, status, published_at)
       VALUES ($1, $2, 'Come and make a pledge at our stall.', now() - interval '1 hour', now() + interval '2 hours',
         'place', 'Ordsall Hall', '322 Ordsall Lane, Salford', 'M5 4WT', 'E05013028', 53.4735, -2.2782, $3,
         'Sam Organiser', 'organiser@example.org', $4, CASE WHEN $4 = 'published' THEN now() END)`,
      [id, title, options.campaignId ?? null, options.status ?? "published"],
    ),
  );
  return { id, title };
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
