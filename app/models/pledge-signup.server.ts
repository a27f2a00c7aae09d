import { randomUUID } from "node:crypto";
import pg from "pg";
import { getPool } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { emailQueueingSql } from "./email-queue.server";
import type { ModerationState } from "./moderation";
import { screen } from "./moderation.server";
import { commitmentText, displayName, isOwnWords, type PledgeSubmission } from "./pledge";
import { newConfirmation } from "./pledge-confirmation.server";

/*
 * Signing a pledge: the hot path that stores new, unconfirmed pledges (with
 * their confirmation emails) in batches. Confirming, sending the link again
 * and purging live in pledge-confirmation.server.ts.
 */

/** What makes two commitments the same one: case and spacing do not. */
export function commitmentKey(commitment: string) {
  return commitment.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Stores new, unconfirmed pledges and their confirmation emails: one
 * statement per batch, atomic, durable before any caller hears back. This is
 * the sign-up hot path, so it is hand-written SQL (docs/decisions/004).
 *
 * The same normalised email with the same commitment is one pledge: while it
 * is unconfirmed, signing again refreshes it and sends a new link; once it is
 * confirmed, signing again changes nothing and sends nothing.
 */
export const CREATE_PLEDGES_SQL = `WITH input AS (
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::boolean[], $12::boolean[], $13::text[], $14::timestamptz[],
       $15::text[], $16::date[], $17::uuid[], $18::boolean[], $19::boolean[], $20::uuid[], $21::text[], $22::text[])
     AS t(id, name, name_display, email, email_normalised, postcode, ward_code, qualities, commitment,
       commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at, email_props, target_date,
       campaign_id, conditional, updates_consent, event_id, moderation, flags)
   ), upsert AS (
     INSERT INTO pledge (id, name, name_display, email, email_normalised, postcode, ward_code, qualities,
       commitment, commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at, target_date,
       campaign_id, conditional, updates_consent, event_id, moderation)
     SELECT id, name, name_display, email, email_normalised, postcode, ward_code, qualities::text[], commitment,
       commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at, target_date,
       campaign_id, conditional, updates_consent, event_id, moderation
     FROM input
     ON CONFLICT (email_normalised, commitment_key) DO UPDATE SET
       name = EXCLUDED.name, name_display = EXCLUDED.name_display, email = EXCLUDED.email,
       postcode = EXCLUDED.postcode, ward_code = EXCLUDED.ward_code, qualities = EXCLUDED.qualities,
       commitment = EXCLUDED.commitment, nudge_consent = EXCLUDED.nudge_consent,
       news_consent = EXCLUDED.news_consent, confirm_token_hash = EXCLUDED.confirm_token_hash,
       confirm_token_expires_at = EXCLUDED.confirm_token_expires_at, target_date = EXCLUDED.target_date,
       campaign_id = EXCLUDED.campaign_id, conditional = EXCLUDED.conditional,
       updates_consent = EXCLUDED.updates_consent, event_id = EXCLUDED.event_id,
       moderation = CASE WHEN pledge.moderation = 'hidden' THEN 'hidden' ELSE EXCLUDED.moderation END, updated_at = now()
     WHERE pledge.confirmed_at IS NULL
     RETURNING id, email_normalised, commitment_key
   ), emails AS (
     INSERT INTO email_message (template, to_address, props, pledge_id, category, priority)
     SELECT 'confirm-pledge', i.email, i.email_props::jsonb, u.id, ${emailQueueingSql("confirm-pledge")}
     FROM upsert u JOIN input i USING (email_normalised, commitment_key)
   ), held AS (
     -- holdForReview's upsert (moderation.server.ts), in the same statement as the pledge it holds.
     INSERT INTO moderation_item (kind, item_id, flags)
     SELECT 'pledge', u.id, ARRAY(SELECT jsonb_array_elements_text(i.flags::jsonb))
     FROM upsert u JOIN input i USING (email_normalised, commitment_key)
     WHERE i.moderation = 'held'
     ON CONFLICT (kind, item_id) DO UPDATE SET
       state = 'open', flags = EXCLUDED.flags, decision = NULL, updated_at = now()
   )
   SELECT email_normalised || ' ' || commitment_key AS key FROM upsert`;

type PledgeRow = ReturnType<typeof createPledgeParams>;

/**
 * The campaign a pledge is made for, as the form's campaign was found when it
 * was posted: its suggestions give the words of a chosen one; a pledge is only
 * attributed to a campaign that is running, and only conditional while the
 * campaign takes conditional pledges.
 */
export type PledgeCampaign = { id: string; suggestions: string[]; running: boolean; conditionalOpen: boolean };

/** What the filter made of a pledge: shown at once, or held (with why) until a moderator looks. */
export type Screened = { moderation: ModerationState; flags: string[] };
const NOTHING_CAUGHT: Screened = { moderation: "visible", flags: [] };

/**
 * Runs the moderation filter over what a pledge would publish: the pledger's
 * own words (a chosen suggestion is the site's own words) and their name as
 * the wall would show it.
 */
export function screenPledge(submission: PledgeSubmission): Promise<Screened> {
  return screen([
    isOwnWords(submission) ? submission.ownWords : null,
    displayName(submission.name, submission.nameDisplay),
  ]);
}

/** The row CREATE_PLEDGES_SQL stores for a validated submission. */
export function createPledgeParams(
  submission: PledgeSubmission,
  wardCode: string,
  postcode: string,
  campaign: PledgeCampaign | null = null,
  eventId: string | null = null,
  screened: Screened = NOTHING_CAUGHT,
) {
  const commitment = commitmentText(submission, campaign?.suggestions);
  const { hash, expiresAt, email } = newConfirmation({ ...submission, commitment });
  return {
    id: randomUUID(),
    name: submission.name,
    nameDisplay: submission.nameDisplay,
    email: submission.email,
    emailNormalised: normaliseEmail(submission.email),
    postcode,
    wardCode,
    // A Postgres array literal: keys are known words, nothing to escape.
    qualities: `{${submission.qualities.join(",")}}`,
    commitment,
    commitmentKey: commitmentKey(commitment),
    nudgeConsent: true,
    newsConsent: submission.newsConsent === "on",
    tokenHash: hash,
    expiresAt,
    emailProps: JSON.stringify(email),
    targetDate: submission.targetDate?.toISOString().slice(0, 10) ?? null,
    campaignId: campaign?.running ? campaign.id : null,
    conditional: Boolean(campaign?.running && campaign.conditionalOpen && submission.conditional === "on"),
    updatesConsent: submission.updatesConsent === "on",
    eventId,
    moderation: screened.moderation,
    flags: JSON.stringify(screened.flags),
  };
}

/** The statement's parameters for a batch: one array per column. */
export function createPledgesValues(rows: PledgeRow[]) {
  const column = <K extends keyof PledgeRow>(key: K) => rows.map((r) => r[key]);
  return [
    column("id"),
    column("name"),
    column("nameDisplay"),
    column("email"),
    column("emailNormalised"),
    column("postcode"),
    column("wardCode"),
    column("qualities"),
    column("commitment"),
    column("commitmentKey"),
    column("nudgeConsent"),
    column("newsConsent"),
    column("tokenHash"),
    column("expiresAt"),
    column("emailProps"),
    column("targetDate"),
    column("campaignId"),
    column("conditional"),
    column("updatesConsent"),
    column("eventId"),
    column("moderation"),
    column("flags"),
  ];
}

/**
 * Sign-ups that arrive while a write is under way wait for the next one and go
 * together: under load, one statement (and one commit) carries many pledges;
 * alone, a pledge goes at once. Each caller hears back only when its row is
 * committed.
 */
const MAX_BATCH = 200;
// One write at a time per process made the largest batches and the most
// sign-ups a second (bench: 1 > 2 > 3 > 6 in flight); more web processes
// still write in parallel.
const MAX_WRITES_IN_FLIGHT = 1;
type Waiting = { row: PledgeRow; resolve: (queued: boolean) => void; reject: (error: unknown) => void };
let waiting: Waiting[] = [];
let writesInFlight = 0;

/**
 * Whether a failed statement may have failed because of one row's data, so
 * splitting the batch can save the other rows. Connection and resource
 * failures (SQLSTATE classes 08, 53, 57, 58, and Node's own ECONN… codes) are
 * not: splitting would only multiply the failing statements during an outage.
 */
function mayBeOneRow(error: unknown) {
  // Only PostgreSQL's own answers: Node's EPIPE has five capitals too, and is no row's fault.
  return (
    error instanceof pg.DatabaseError &&
    typeof error.code === "string" &&
    !["08", "53", "57", "58"].includes(error.code.slice(0, 2))
  );
}

/**
 * Writes one batch; when it fails for a reason that may be one row's (a NUL
 * in a name is PostgreSQL 22021), writes each half again, down to single
 * pledges, so only the bad row's caller hears the error and every other
 * pledge is stored. Entries for the same pledge stay together.
 */
async function writeGroups(groups: Waiting[][]): Promise<void> {
  // Two submissions of one pledge in one batch: the later wins, as it would one after the other.
  const rows = groups.map((group) => group.at(-1)!.row);
  try {
    const result = await getPool().query<{ key: string }>({
      name: "create-pledges",
      text: CREATE_PLEDGES_SQL,
      values: createPledgesValues(rows),
    });
    const queued = new Set(result.rows.map((r) => r.key));
    for (const group of groups)
      for (const { row, resolve } of group) resolve(queued.has(`${row.emailNormalised} ${row.commitmentKey}`));
  } catch (error) {
    if (groups.length === 1 || !mayBeOneRow(error)) {
      for (const group of groups) for (const { reject } of group) reject(error);
      return;
    }
    const half = Math.ceil(groups.length / 2);
    await writeGroups(groups.slice(0, half));
    await writeGroups(groups.slice(half));
  }
}

async function writeBatch(batch: Waiting[]) {
  writesInFlight += 1;
  try {
    const groups = new Map<string, Waiting[]>();
    for (const entry of batch) {
      const key = `${entry.row.emailNormalised} ${entry.row.commitmentKey}`;
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
    await writeGroups([...groups.values()]);
  } catch (error) {
    // writeGroups settles every caller itself; this is only a guard against a bug in it.
    for (const { reject } of batch) reject(error);
  } finally {
    writesInFlight -= 1;
    writeWaiting();
  }
}

function writeWaiting() {
  while (waiting.length && writesInFlight < MAX_WRITES_IN_FLIGHT) {
    // Not awaited on purpose: writeBatch settles every caller's promise itself and never rejects.
    void writeBatch(waiting.slice(0, MAX_BATCH));
    waiting = waiting.slice(MAX_BATCH);
  }
}

/**
 * Stores a pledge with the next batch, as the moderation filter found it
 * (`screened`, when the caller has screened it already; screened here
 * otherwise). A held pledge confirms and counts all the same.
 */
export async function createPledge(
  submission: PledgeSubmission,
  wardCode: string,
  postcode: string,
  campaign: PledgeCampaign | null = null,
  /** the published event it was made at (its kiosk, or a card handed out there) */
  eventId: string | null = null,
  screened?: Screened,
) {
  const row = createPledgeParams(
    submission,
    wardCode,
    postcode,
    campaign,
    eventId,
    screened ?? (await screenPledge(submission)),
  );
  return new Promise<{ queued: boolean }>((resolve, reject) => {
    waiting.push({ row, resolve: (queued) => resolve({ queued }), reject });
    writeWaiting();
  });
}
