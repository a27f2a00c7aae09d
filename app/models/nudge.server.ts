import type { NudgeItem, PledgeNudgeProps } from "../../emails/pledge-nudge";
import { QUALITY_BY_KEY, type QualityKey } from "~/reference/qualities";
import { getPool } from "~/utils/db.server";
import { appUrl, getEnv } from "~/utils/env.server";
import { signToken } from "~/utils/signed-token.server";
import { queueEmails } from "./email-queue.server";

/**
 * Nudges: a few useful check-in emails per pledge (by default 7, 30 and 90
 * days after confirming, and a week before its target date), combined so one
 * person gets at most one a week however many pledges they hold. A pledge
 * stops being nudged when it is done or withdrawn, or its pledger unsubscribes
 * or is suppressed. Set-based, so a catch-up of 100,000 due nudges is a few
 * statements per thousand people, not a transaction each.
 */
export const NUDGE_GAP_DAYS = 7;
// A check-in link outlives the gap to the next nudge, which brings fresh links
// (60 days at most on the default 7, 30, 90 schedule), so a late reply still lands.
export const CHECK_IN_TOKEN_DAYS = 120;
const PEOPLE_PER_TRANSACTION = 1000;

type DueRow = {
  pledge_id: string;
  email: string;
  email_normalised: string;
  name: string;
  commitment: string;
  qualities: string[];
  stage: string;
  due_at: Date;
};

export function checkInUrl(pledgeId: string, choice: "done" | "going" | "help" | "change") {
  return appUrl(`/check-in/${signToken("check-in", { p: pledgeId }, CHECK_IN_TOKEN_DAYS)}?choice=${choice}`);
}

function nudgeItem(row: DueRow, ideaIndex: number): NudgeItem {
  const quality = QUALITY_BY_KEY.get(row.qualities[0] as QualityKey)!;
  return {
    commitment: row.commitment,
    qualityName: quality.name,
    idea: quality.ideas[ideaIndex % quality.ideas.length]!,
    pledgeUrl: appUrl(`/pledges/${row.pledge_id}`),
    doneUrl: checkInUrl(row.pledge_id, "done"),
    goingUrl: checkInUrl(row.pledge_id, "going"),
    helpUrl: checkInUrl(row.pledge_id, "help"),
    changeUrl: checkInUrl(row.pledge_id, "change"),
  };
}

// Arbitrary constant: one nudge run at a time, or two runs would each send the same nudges.
const NUDGE_LOCK = 727_000_003;

/** Queues every nudge due at `asOf`. Returns how many emails and how many pledges they cover. */
export async function queueDueNudges(asOf: Date) {
  const lock = await getPool().connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [NUDGE_LOCK]);
    if (!rows[0]!.ok) return { emails: 0, pledges: 0, busy: true };
    try {
      return { ...(await queueDueNudgesLocked(asOf)), busy: false };
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [NUDGE_LOCK]);
    }
  } finally {
    lock.release();
  }
}

async function queueDueNudgesLocked(asOf: Date) {
  const env = getEnv();
  const pool = getPool();
  const due = await pool.query<DueRow>(
    `SELECT p.id AS pledge_id, p.email, p.email_normalised, p.name, p.commitment, p.qualities, s.stage, s.due_at
     FROM pledge p
     -- A conditional pledge is nudged only once its condition is on, and counts its days from then.
     LEFT JOIN pledge_condition c ON c.id = p.condition_id
     CROSS JOIN LATERAL (SELECT GREATEST(p.confirmed_at, c.settled_at) AS counts_from) AS f
     CROSS JOIN LATERAL (
       SELECT 'day-' || d AS stage, f.counts_from + make_interval(days => d) AS due_at FROM unnest($2::int[]) AS d
       UNION ALL
       SELECT 'before-target', (p.target_date - $3::int)::timestamptz WHERE p.target_date IS NOT NULL
     ) AS s
     WHERE p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL AND p.done_at IS NULL AND p.nudge_consent
       AND NOT p.is_example AND (NOT p.conditional OR c.status = 'on')
       AND s.due_at <= $1 AND s.due_at > f.counts_from
       AND NOT EXISTS (SELECT 1 FROM pledge_nudge n WHERE n.pledge_id = p.id AND n.stage = s.stage)
       AND NOT EXISTS (SELECT 1 FROM email_suppression x WHERE x.email_normalised = p.email_normalised)
       AND NOT EXISTS (SELECT 1 FROM email_preference x WHERE x.email_normalised = p.email_normalised AND x.category = 'nudges')
       AND NOT EXISTS (SELECT 1 FROM nudge_recipient r WHERE r.email_normalised = p.email_normalised
                         AND r.last_nudged_at > $1::timestamptz - make_interval(days => $4))
     ORDER BY p.email_normalised, p.id, s.due_at`,
    [asOf, env.NUDGE_DAYS, env.NUDGE_BEFORE_TARGET_DAYS, NUDGE_GAP_DAYS],
  );

  // Per person: per pledge, the latest due stage is sent; earlier ones it caught up on are skipped.
  const people = new Map<string, Map<string, DueRow[]>>();
  for (const row of due.rows) {
    const pledges = people.get(row.email_normalised) ?? new Map<string, DueRow[]>();
    pledges.set(row.pledge_id, [...(pledges.get(row.pledge_id) ?? []), row]);
    people.set(row.email_normalised, pledges);
  }
  const everyone = [...people.entries()];
  let emails = 0;
  let pledgesNudged = 0;
  for (let i = 0; i < everyone.length; i += PEOPLE_PER_TRANSACTION) {
    const chunk = everyone.slice(i, i + PEOPLE_PER_TRANSACTION);
    const messages: { to: string; props: PledgeNudgeProps }[] = [];
    const stages: { pledgeId: string; stage: string; person: number; sent: boolean }[] = [];
    chunk.forEach(([, pledges], person) => {
      const items: NudgeItem[] = [];
      let to = "";
      let name = "";
      for (const rows of pledges.values()) {
        const latest = rows[rows.length - 1]!;
        to = latest.email;
        name = latest.name.trim().split(/\s+/)[0]!;
        items.push(nudgeItem(latest, rows.length - 1));
        for (const row of rows)
          stages.push({ pledgeId: row.pledge_id, stage: row.stage, person, sent: row === latest });
      }
      messages.push({ to, props: { name, items } });
    });
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const ids = await queueEmails(client, "pledge-nudge", messages);
      await client.query(
        `INSERT INTO pledge_nudge (pledge_id, stage, message_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
        [stages.map((s) => s.pledgeId), stages.map((s) => s.stage), stages.map((s) => (s.sent ? ids[s.person] : null))],
      );
      await client.query(
        `INSERT INTO nudge_recipient (email_normalised, last_nudged_at)
         SELECT unnest($1::text[]), $2
         ON CONFLICT (email_normalised) DO UPDATE SET last_nudged_at = EXCLUDED.last_nudged_at`,
        [chunk.map(([email]) => email), asOf],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    emails += messages.length;
    pledgesNudged += messages.reduce((n, m) => n + m.props.items.length, 0);
  }
  return { emails, pledges: pledgesNudged };
}
