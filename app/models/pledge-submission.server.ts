import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import { QUALITY_KEYS, type QualityKey } from "~/reference/qualities";
import { findCampaignForPledge, type PublicCampaign } from "./campaign.server";
import { findEventForPledge, type PledgeEvent } from "./kiosk.server";
import { campaignPledgeSchema, PledgeSchema, type FormCampaign } from "./pledge";
import { createPledge, screenPledge, type PledgeCampaign } from "./pledge-signup.server";
import { SalfordPostcodeSchema } from "./postcode.server";
import { lookupPostcode } from "./ward.server";

/*
 * The pledge form as the server reads it, wherever it is shown: /pledge (plain,
 * pre-set for a campaign or for an event) and an event's kiosk. One schema,
 * one way to store what was sent.
 */

const isQualityKey = (key: string): key is QualityKey => (QUALITY_KEYS as readonly string[]).includes(key);

/** The campaign as the form shows it, while it runs; null otherwise (a pledge form for a campaign not running is the plain one). */
export function toFormCampaign(campaign: PublicCampaign | null): FormCampaign | null {
  if (campaign?.phase !== "running") return null;
  const { conditional } = campaign;
  return {
    slug: campaign.slug,
    name: campaign.name,
    summary: campaign.summary,
    qualities: campaign.qualities.filter(isQualityKey),
    suggestions: campaign.suggestions,
    conditional: conditional?.open
      ? { threshold: conditional.threshold, scope: conditional.scope, deadline: conditional.deadline }
      : null,
  };
}

/** The campaign a pledge made at this event is for: the event's own, when it has one. */
export function campaignOfEvent(event: PledgeEvent | null): Promise<PublicCampaign | null> {
  return event?.campaignSlug ? findCampaignForPledge(event.campaignSlug) : Promise.resolve(null);
}

/**
 * What a posted form names, read again now rather than trusted from the page
 * (the campaign may have ended, the event been cancelled, in between): an
 * event that takes pledges decides the campaign; otherwise the form's campaign.
 */
export async function pledgeTargets(formData: FormData) {
  const eventId = formData.get("event");
  const event = typeof eventId === "string" && eventId ? await findEventForPledge(eventId) : null;
  if (event) return { event, campaign: await campaignOfEvent(event) };
  const slug = formData.get("campaign");
  const campaign = typeof slug === "string" && slug ? await findCampaignForPledge(slug) : null;
  return { event: null, campaign };
}

/** The form checked against the campaign's schema (its own suggestions are choices) or the plain one. */
export function parsePledgeForm(formData: FormData, campaign: PublicCampaign | null) {
  const schema = campaign ? coercedCampaignSchema(campaign.suggestions) : CoercedServerPledgeSchema;
  return parseWithZod(formData, { schema, disableAutoCoercion: true });
}

type ParsedPledge = Extract<ReturnType<typeof parsePledgeForm>, { status: "success" }>["value"];

/**
 * Stores a checked pledge (unconfirmed, with its confirmation email), for its
 * campaign and the event it was made at. `held`: the moderation filter caught
 * it (its pledger is told its words show after a quick check).
 */
export async function signPledge(pledge: ParsedPledge, campaign: PublicCampaign | null, eventId: string | null) {
  const place = lookupPostcode(pledge.postcode);
  if (place.status !== "found") throw new Error("postcode checked by the schema was not found");
  const screened = await screenPledge(pledge);
  const { queued } = await createPledge(
    pledge,
    place.location.wardCode,
    place.location.postcode,
    pledgeCampaign(campaign),
    eventId,
    screened,
  );
  // Already confirmed (signed again): nothing was stored, nothing waits for a check.
  return { queued, held: queued && screened.moderation === "held" };
}

/**
 * The campaign as createPledge takes it, which decides what applies: the
 * pledge is attributed only while the campaign runs and conditional only while
 * it takes conditions; a chosen suggestion keeps its words either way.
 */
function pledgeCampaign(campaign: PublicCampaign | null): PledgeCampaign | null {
  if (!campaign) return null;
  return {
    id: campaign.id,
    suggestions: campaign.suggestions,
    running: campaign.phase === "running",
    conditionalOpen: Boolean(campaign.conditional?.open),
  };
}

// The server also places the postcode in its ward (the one Salford-postcode rule).
const ServerPledgeSchema = PledgeSchema.and(SalfordPostcodeSchema);
// Conform builds the form-coercing copy of a schema on every parse unless it is
// given one: on the sign-up path that was a third of the CPU (bench/run.ts).
const CoercedServerPledgeSchema = coerceFormValue(ServerPledgeSchema);

const coerceCampaignSchema = (suggestions: readonly string[]) =>
  coerceFormValue(campaignPledgeSchema(suggestions).and(SalfordPostcodeSchema));
// The same for each campaign, kept by its suggestions' words: the campaign is
// read again every few seconds, its suggestions seldom change. Bounded, so a
// long run with many edited campaigns does not keep them all.
const CAMPAIGN_SCHEMAS_KEPT = 50;
const campaignSchemas = new Map<string, ReturnType<typeof coerceCampaignSchema>>();

function coercedCampaignSchema(suggestions: readonly string[]) {
  const key = JSON.stringify(suggestions);
  let schema = campaignSchemas.get(key);
  if (!schema) {
    if (campaignSchemas.size >= CAMPAIGN_SCHEMAS_KEPT) campaignSchemas.delete(campaignSchemas.keys().next().value!);
    schema = coerceCampaignSchema(suggestions);
    campaignSchemas.set(key, schema);
  }
  return schema;
}
