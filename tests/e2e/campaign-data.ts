import { randomUUID } from "node:crypto";
import { withDatabase } from "./database";

/*
 * Campaigns written straight into the e2e site's database, for pages that
 * show them: no admin page is needed to see what a published campaign looks
 * like. Each test deletes what it made.
 */

export type TestCampaign = { id: string; slug: string; name: string };

/** A published campaign running from 3 days ago for a month, with a verified organisation as its partner and its 25% milestone passed. */
export async function createRunningCampaign(fields: { name: string; body: string; isExample?: boolean }) {
  const id = randomUUID();
  const slug = `e2e-${id.slice(0, 8)}`;
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO campaign (id, slug, name, summary, body, starts_on, ends_on, target, qualities, ward_codes, suggestions,
                             status, is_example, published_at)
       VALUES ($1, $2, $3, $4, $5, current_date - 3, current_date + 30, 200, '{partnerships}', '{}',
               '{"I will join a litter pick in my street once a month."}', 'published', $6, now())`,
      [
        id,
        slug,
        fields.name,
        `${fields.name}: a campaign made by the end-to-end tests.`,
        fields.body,
        fields.isExample ?? false,
      ],
    );
    await client.query(
      `INSERT INTO campaign_partner (campaign_id, organisation_id)
       SELECT $1, id FROM organisation WHERE status = 'verified' ORDER BY name LIMIT 1`,
      [id],
    );
    await client.query(`INSERT INTO milestone (scope, percent, target, count) VALUES ($1, 25, 200, 50)`, [id]);
  });
  return { id, slug, name: fields.name } satisfies TestCampaign;
}

/** The first verified organisation's name: the partner createRunningCampaign gives a campaign. */
export async function firstVerifiedOrganisation() {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ name: string; slug: string }>(
      "SELECT name, slug FROM organisation WHERE status = 'verified' ORDER BY name LIMIT 1",
    );
    return rows[0] ?? null;
  });
}

export type SuggestingCampaign = { id: string; slug: string; name: string; suggestion: string };

/**
 * A published campaign running from a week ago for a month, about
 * partnerships, offering `suggestion` as its own; conditional when given a
 * threshold (for 14 days, counted over the whole campaign).
 */
export async function createCampaignWithSuggestion(fields: {
  slug: string;
  name: string;
  suggestion: string;
  conditionalThreshold?: number;
}): Promise<SuggestingCampaign> {
  const campaign = { id: randomUUID(), slug: fields.slug, name: fields.name, suggestion: fields.suggestion };
  await withDatabase((client) =>
    client.query(
      `INSERT INTO campaign (id, slug, name, summary, body, starts_on, ends_on, target, qualities, ward_codes,
         suggestions, status, published_at, conditional_threshold, conditional_deadline, conditional_scope)
       VALUES ($1, $2, $3, 'Neighbours who know each other look out for each other.', 'Why it matters.',
         current_date - 7, current_date + 30, 100, '{partnerships}', '{}', $4, 'published', now(),
         $5::int, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + interval '14 days' END,
         CASE WHEN $5::int IS NULL THEN NULL ELSE 'campaign' END)`,
      [campaign.id, campaign.slug, campaign.name, [campaign.suggestion], fields.conditionalThreshold ?? null],
    ),
  );
  return campaign;
}

export async function deleteCampaign(campaign: TestCampaign) {
  await withDatabase(async (client) => {
    await client.query("DELETE FROM milestone WHERE scope = $1", [campaign.id]);
    await client.query("DELETE FROM campaign WHERE id = $1", [campaign.id]);
  });
}
