/** Pledge data for the benchmarks: forms as a browser sends them, rows as the database holds them. */
import type pg from "pg";
import { CAMPAIGN_SUGGESTION } from "~/models/pledge";
import { createPledgeParams } from "~/models/pledge-signup.server";
import { rebuildTally } from "~/models/tally.server";
import { QUALITIES } from "~/reference/qualities";
import { readPostcodes, type PostcodeLocation } from "~/utils/reference.server";

export async function salfordPostcodes() {
  return [...readPostcodes().values()];
}

function pledgeFields(n: number, postcodes: PostcodeLocation[]) {
  const quality = QUALITIES[n % QUALITIES.length]!;
  return {
    name: `Bench Person ${n}`,
    email: `bench.person+${n}@example.org`,
    postcode: postcodes[(n * 7919) % postcodes.length]!.postcode.toLowerCase(),
    qualities: [quality.key],
    suggestion: quality.suggestions[n % quality.suggestions.length]!.id,
    nameDisplay: "initial" as const,
    nudgeConsent: "on" as const,
  };
}

/** A campaign's pledge form: its slug in the hidden field, and the suggestion one of its own (`campaign-<index>`). */
export type CampaignForm = { slug: string; suggestions: number };

/** The urlencoded form a browser submits for the n-th distinct pledge: the plain form, or a campaign's. */
export function pledgeForm(n: number, postcodes: PostcodeLocation[], campaign?: CampaignForm) {
  const fields = pledgeFields(n, postcodes);
  const body = new URLSearchParams({ ...fields, qualities: fields.qualities[0]! });
  if (campaign) {
    body.set("campaign", campaign.slug);
    body.set("suggestion", `${CAMPAIGN_SUGGESTION}${n % campaign.suggestions}`);
  }
  return body.toString();
}

/** The sign-up statement's parameters for the n-th distinct pledge. */
export function pledgeRowFor(n: number, postcodes: PostcodeLocation[]) {
  const fields = pledgeFields(n, postcodes);
  const place = postcodes[(n * 7919) % postcodes.length]!;
  return createPledgeParams(fields, place.wardCode, place.postcode);
}

/**
 * Tops the database up to `total` confirmed pledges, written directly in
 * batches, spread over the 20 wards and four qualities, all made for the
 * campaign when one is given, then recounts.
 */
export async function generateConfirmedPledges(pool: pg.Pool, total: number, campaignId: string | null = null) {
  const wards = (await pool.query<{ code: string }>("SELECT code FROM ward ORDER BY code")).rows.map((r) => r.code);
  const have = Number((await pool.query("SELECT count(*) FROM pledge WHERE confirmed_at IS NOT NULL")).rows[0].count);
  const batch = 100_000;
  for (let from = have + 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await pool.query(
      `INSERT INTO pledge (id, name, name_display, email, email_normalised, postcode, ward_code, qualities,
         commitment, commitment_key, nudge_consent, news_consent, confirmed_at, created_at, updated_at, campaign_id)
       SELECT gen_random_uuid(), 'Generated ' || g, 'initial', 'generated-' || g || '@example.org',
         'generated-' || g || '@example.org', 'M5 4WT', ($3::text[])[1 + g % 20],
         ARRAY[(ARRAY['values','delivery','partnerships','operations'])[1 + g % 4]],
         'I will keep generated promise ' || g, 'i will keep generated promise ' || g, true, false,
         now() - make_interval(secs => g), now(), now(), $4::uuid
       FROM generate_series($1::int, $2::int) AS g`,
      [from, to, wards, campaignId],
    );
  }
  await pool.query("VACUUM ANALYZE pledge");
  await rebuildTally();
}
