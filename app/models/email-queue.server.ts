import type pg from "pg";
import type { Prisma } from "~/generated/prisma/client";
import { getPool } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import {
  emailAttachments,
  renderEmail,
  type PropsOf,
  type RenderedEmail,
  type TemplateName,
} from "~/utils/email.server";
import type { EmailTransport } from "~/utils/email-transport.server";
import { emailRecipient, type EmailCategory } from "./email-preferences.server";

/**
 * The email queue: `email_message` rows written in the same transaction as the
 * change that causes them, and `email_batch` rows, the unit of delivery
 * (docs/email.md, decisions 005 and 006). The worker's delivery job
 * (app/jobs/email-delivery.server.ts) decides when and what to send; every
 * statement on these tables is here.
 */

/** Which unsubscribe applies: none for transactional email (confirmations, sign-in links). */
export type MessageCategory = "transactional" | EmailCategory;
/** Lower goes first: transactional email ahead of bulk (nudges, digests). */
export type MessagePriority = 0 | 1;

/**
 * For every template, the category its messages are queued in and their
 * priority. The one place that decides it: every way into the queue stores
 * what this says. A template without an entry is a type error.
 */
export const EMAIL_QUEUEING = {
  "confirm-pledge": { category: "transactional", priority: 0 },
  "pledge-confirmed": { category: "transactional", priority: 0 },
  "magic-link": { category: "transactional", priority: 0 },
  "confirm-organisation-email": { category: "transactional", priority: 0 },
  "organisation-verified": { category: "transactional", priority: 0 },
  "organisation-rejected": { category: "transactional", priority: 0 },
  "editor-invitation": { category: "transactional", priority: 0 },
  "pledge-nudge": { category: "nudges", priority: 1 },
  "organisation-digest": { category: "digest", priority: 1 },
  // About the pledger's own pledge: like its confirmation, no opt-out.
  "condition-met": { category: "transactional", priority: 0 },
  "condition-lapsed": { category: "transactional", priority: 0 },
  milestone: { category: "updates", priority: 1 },
  // About the person's own place at an event: no opt-out.
  "rsvp-confirm": { category: "transactional", priority: 0 },
  "rsvp-going": { category: "transactional", priority: 0 },
  "rsvp-waiting": { category: "transactional", priority: 0 },
  "rsvp-offer": { category: "transactional", priority: 0 },
  "event-reminder": { category: "transactional", priority: 0 },
  "event-changed": { category: "transactional", priority: 0 },
  "event-cancelled": { category: "transactional", priority: 0 },
  // Thanks and a pledge link after the event: welcome, but not needed, so it can be stopped.
  "event-follow-up": { category: "events", priority: 1 },
  // To the Alliance's own address, about its work: no opt-out.
  "help-digest": { category: "transactional", priority: 0 },
  // The Alliance's news (docs/announcements.md): bulk, and stopped with one click.
  announcement: { category: "news", priority: 1 },
  // About what the person published, and why it was hidden: no opt-out.
  "moderation-hidden": { category: "transactional", priority: 0 },
} as const satisfies Record<TemplateName, { category: MessageCategory; priority: MessagePriority }>;

export function emailQueueing(template: TemplateName): { category: MessageCategory; priority: MessagePriority } {
  return EMAIL_QUEUEING[template];
}

/**
 * The category and priority as SQL literals (`'transactional', 0`), for the
 * sign-up statement, which queues its confirmation emails itself in the same
 * statement as the pledges (decision 004). The values are this module's own
 * words, never input.
 */
export function emailQueueingSql(template: TemplateName) {
  const { category, priority } = emailQueueing(template);
  if (!/^[a-z]+$/.test(category)) throw new Error(`unexpected category ${category}`);
  return `'${category}', ${priority}`;
}

/**
 * Queues an email in the caller's transaction: it is sent if and only if the
 * change that caused it commits. The worker renders and delivers it.
 */
export async function queueEmail<T extends TemplateName>(
  tx: Prisma.TransactionClient,
  message: { template: T; to: string; props: PropsOf<T>; pledgeId?: string },
) {
  const { category, priority } = emailQueueing(message.template);
  return tx.emailMessage.create({
    data: {
      template: message.template,
      toAddress: message.to,
      props: message.props as Prisma.InputJsonValue,
      pledgeId: message.pledgeId,
      category,
      priority,
    },
    select: { id: true },
  });
}

/** Queues many emails of one template in the caller's Prisma transaction (a milestone's, to every pledger who asked). */
export async function queueEmailsIn<T extends TemplateName>(
  tx: Prisma.TransactionClient,
  template: T,
  messages: { to: string; props: PropsOf<T>; pledgeId?: string }[],
) {
  const { category, priority } = emailQueueing(template);
  for (let i = 0; i < messages.length; i += 1000)
    await tx.emailMessage.createMany({
      data: messages.slice(i, i + 1000).map((m) => ({
        template,
        toAddress: m.to,
        props: m.props as Prisma.InputJsonValue,
        pledgeId: m.pledgeId,
        category,
        priority,
      })),
    });
}

/**
 * Queues many emails of one template in one statement, in the caller's
 * transaction on `client` (the nudges, a thousand people at a time). Returns
 * their ids in the order given.
 */
export async function queueEmails<T extends TemplateName>(
  client: pg.ClientBase,
  template: T,
  messages: { to: string; props: PropsOf<T> }[],
) {
  const { category, priority } = emailQueueing(template);
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO email_message (template, to_address, props, category, priority)
     SELECT $3, t, p::jsonb, $4, $5 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, p, n)
     ORDER BY n RETURNING id`,
    [messages.map((m) => m.to), messages.map((m) => JSON.stringify(m.props)), template, category, priority],
  );
  return inserted.rows.map((r) => r.id);
}

/** Renders a queued message as it is sent: for its recipient, with their preferences link and its category's unsubscribe headers. */
export function renderQueuedEmail(message: {
  template: string;
  to: string;
  props: unknown;
  category: string;
  queuedAt?: Date;
}): RenderedEmail {
  return renderEmail(message, emailRecipient(message.to, message.category, message.queuedAt));
}

export type QueuedMessage = {
  id: string;
  template: string;
  to_address: string;
  props: unknown;
  category: string;
  created_at: Date;
};
/** A batch: its id is the provider call's idempotency key; null when every due message was held back. */
export type EmailBatch = { id: string | null; attempts: number; messages: QueuedMessage[] };
export type ClaimedEmailBatch = EmailBatch & { id: string };

/**
 * Claims a batch that is due: for a retry, made unclaimed (a message with
 * attachments, in a batch of its own), or whose worker died (claimed longer
 * than `claimTimeoutMs` ago), with the messages it was made with.
 */
export async function reclaimEmailBatch(claimTimeoutMs: number): Promise<ClaimedEmailBatch | null> {
  const pool = getPool();
  const claimed = await pool.query<{ id: string; attempts: number }>(
    `UPDATE email_batch SET locked_at = now(), attempts = attempts + 1
     WHERE id = (
       SELECT id FROM email_batch
       WHERE status = 'sending'
         -- or claimed longer ago than the claim timeout: its worker died
         AND ((locked_at IS NULL AND run_after <= now()) OR locked_at < now() - make_interval(secs => $1))
       ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, attempts`,
    [claimTimeoutMs / 1000],
  );
  const batch = claimed.rows[0];
  if (!batch) return null;
  const messages = await pool.query<QueuedMessage>(
    "SELECT id, template, to_address, props, category, created_at FROM email_message WHERE batch_id = $1 AND status = 'sending' ORDER BY id",
    [batch.id],
  );
  return { ...batch, messages: messages.rows };
}

/**
 * Whether a message must be sent on its own: it carries attachments, which
 * only the provider's single-send endpoint delivers (docs/email.md). One that
 * cannot even be rendered goes alone too, and fails alone when it is sent.
 */
function isSentAlone(message: QueuedMessage) {
  try {
    return emailAttachments({ ...message, queuedAt: message.created_at }).length > 0;
  } catch {
    return true;
  }
}

/**
 * Makes a new batch, claimed, from up to `size` due messages, highest priority
 * first; suppressed addresses and unsubscribed categories are marked
 * `suppressed` and left out. Messages with attachments are put in batches of
 * one, left due for the next claim (`reclaimEmailBatch`). Null when nothing is
 * due; a batch with no id when every due message was held back.
 */
export async function claimNewEmailBatch(size: number): Promise<EmailBatch | null> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const due = await client.query<QueuedMessage>(
      `SELECT id, template, to_address, props, category, created_at FROM email_message
       WHERE status = 'queued' AND run_after <= now()
       ORDER BY priority, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [size],
    );
    if (due.rowCount === 0) {
      await client.query("COMMIT");
      return null;
    }
    const addresses = [...new Set(due.rows.map((m) => normaliseEmail(m.to_address)))];
    // One after the other: one connection runs one statement at a time.
    const suppressed = await client.query<{ email_normalised: string }>(
      "SELECT email_normalised FROM email_suppression WHERE email_normalised = ANY($1)",
      [addresses],
    );
    const unsubscribed = await client.query<{ email_normalised: string; category: string }>(
      "SELECT email_normalised, category FROM email_preference WHERE email_normalised = ANY($1)",
      [addresses],
    );
    const blocked = new Set(suppressed.rows.map((r) => r.email_normalised));
    const stopped = new Set(unsubscribed.rows.map((r) => `${r.email_normalised} ${r.category}`));
    const isHeld = (m: QueuedMessage) => {
      const email = normaliseEmail(m.to_address);
      return blocked.has(email) || stopped.has(`${email} ${m.category}`);
    };
    const held: QueuedMessage[] = [];
    const sending: QueuedMessage[] = [];
    for (const message of due.rows) (isHeld(message) ? held : sending).push(message);
    if (held.length)
      await client.query("UPDATE email_message SET status = 'suppressed' WHERE id = ANY($1::bigint[])", [
        held.map((m) => m.id),
      ]);
    // A message with attachments goes through the single-send endpoint, so in a batch of its own;
    // the rest share one. The first batch is this worker's; the others are left due, unclaimed, for
    // the next claim of a due batch (this worker's next turn, or another worker's).
    const alone = sending.filter(isSentAlone);
    const together = sending.filter((m) => !alone.includes(m));
    const groups = [...(together.length ? [together] : []), ...alone.map((m) => [m])];
    let batch: EmailBatch | null = null;
    for (const [index, group] of groups.entries()) {
      const claimed = index === 0;
      const created = await client.query<{ id: string }>(
        "INSERT INTO email_batch (locked_at, attempts) VALUES (CASE WHEN $1 THEN now() END, $2) RETURNING id",
        [claimed, claimed ? 1 : 0],
      );
      const id: string = created.rows[0]!.id;
      await client.query(
        "UPDATE email_message SET status = 'sending', batch_id = $1, attempts = attempts + 1 WHERE id = ANY($2::bigint[])",
        [id, group.map((m) => m.id)],
      );
      if (claimed) batch = { id, attempts: 1, messages: group };
    }
    await client.query("COMMIT");
    return batch ?? { id: null, attempts: 0, messages: [] };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** These messages will never be sent (they cannot be rendered, or the provider refused them for good). */
export async function failEmailMessages(ids: string[], reason: string) {
  if (ids.length === 0) return;
  await getPool().query("UPDATE email_message SET status = 'failed', last_error = $2 WHERE id = ANY($1::bigint[])", [
    ids,
    reason.slice(0, 1000),
  ]);
}

/** A batch none of whose messages could be rendered: nothing to send, done. */
export async function closeEmailBatch(batchId: string) {
  await getPool().query("UPDATE email_batch SET status = 'sent', locked_at = NULL WHERE id = $1", [batchId]);
}

/**
 * Records a batch as sent, each message with its provider id and rendered
 * subject and headers. The body and props (which may hold one-time links) are
 * kept only when `keepBody`: for the local outbox, to show them.
 */
export async function recordEmailBatchSent(
  batchId: string,
  sent: {
    transport: EmailTransport;
    keepBody: boolean;
    messages: { id: string; providerId: string | null; email: RenderedEmail }[];
  },
) {
  const pool = getPool();
  await pool.query(
    `UPDATE email_message AS m SET status = 'sent', sent_at = now(), last_error = NULL,
       transport = $2, provider_id = u.provider_id, subject = u.subject,
       html = CASE WHEN $3::boolean THEN u.html END, text = CASE WHEN $3::boolean THEN u.text END,
       headers = u.headers::jsonb, props = CASE WHEN $3::boolean THEN m.props ELSE '{}'::jsonb END
     FROM unnest($1::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS u(id, provider_id, subject, html, text, headers)
     WHERE m.id = u.id`,
    [
      sent.messages.map((m) => m.id),
      sent.transport,
      sent.keepBody,
      sent.messages.map((m) => m.providerId),
      sent.messages.map((m) => m.email.subject),
      sent.messages.map((m) => m.email.html),
      sent.messages.map((m) => m.email.text),
      sent.messages.map((m) => JSON.stringify(m.email.headers)),
    ],
  );
  await pool.query("UPDATE email_batch SET status = 'sent', locked_at = NULL, last_error = NULL WHERE id = $1", [
    batchId,
  ]);
}

/** A batch that failed for good: its messages and the batch are marked failed, with the reason. */
export async function failEmailBatch(batchId: string, messageIds: string[], reason: string) {
  await failEmailMessages(messageIds, reason);
  await getPool().query("UPDATE email_batch SET status = 'failed', locked_at = NULL, last_error = $2 WHERE id = $1", [
    batchId,
    reason,
  ]);
}

/** The same batch goes again after `delayMs`, under the same idempotency key; its messages show why. */
export async function retryEmailBatchLater(batchId: string, reason: string, delayMs: number) {
  const pool = getPool();
  await pool.query(
    `UPDATE email_batch SET locked_at = NULL, last_error = $2, run_after = now() + make_interval(secs => $3) WHERE id = $1`,
    [batchId, reason.slice(0, 1000), delayMs / 1000],
  );
  // Only those still going: a message that could not be rendered keeps its own reason.
  await pool.query("UPDATE email_message SET last_error = $2 WHERE batch_id = $1 AND status = 'sending'", [
    batchId,
    reason.slice(0, 1000),
  ]);
}

/** Messages still to be sent: queued, or in a batch not yet sent (waiting out a retry, or another worker's). */
export async function countUnsentEmail() {
  const { rows } = await getPool().query<{ left: number }>(
    "SELECT count(*)::int AS left FROM email_message WHERE status IN ('queued', 'sending')",
  );
  return rows[0]!.left;
}

/**
 * Queues one message of `template` to each address as part of an announcement
 * (`announcement_id` set), in the caller's Prisma transaction, in one
 * statement. Returns their ids in the order given.
 */
export async function queueAnnouncementEmails<T extends TemplateName>(
  tx: Prisma.TransactionClient,
  template: T,
  announcementId: string,
  messages: { to: string; props: PropsOf<T> }[],
) {
  if (messages.length === 0) return [];
  const { category, priority } = emailQueueing(template);
  const inserted = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO email_message (template, to_address, props, category, priority, announcement_id)
    SELECT ${template}, t, p::jsonb, ${category}, ${priority}, ${announcementId}::uuid
    FROM unnest(${messages.map((m) => m.to)}::text[], ${messages.map((m) => JSON.stringify(m.props))}::text[])
      WITH ORDINALITY AS u(t, p, n)
    ORDER BY n RETURNING id`;
  return inserted.map((row) => row.id);
}

/** What the provider said about a sent message (its webhooks), strongest last: a later, weaker word never overwrites a stronger one. */
export const DELIVERY_STATES = ["delayed", "delivered", "bounced", "complained"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * Records the provider's word on the message it knows as `providerId`: a
 * complaint outranks a bounce, which outranks delivered, which outranks a
 * delay, so events arriving out of order leave the strongest. Returns how many
 * messages it touched (0 for a message not ours).
 */
export async function recordEmailDelivery(providerId: string, delivery: DeliveryState, at: Date) {
  const ranks = [...DELIVERY_STATES];
  return getPool()
    .query(
      `UPDATE email_message SET delivery = $2, delivery_at = $3
       WHERE provider_id = $1
         AND (delivery IS NULL OR coalesce(array_position($4::text[], delivery), 0) <= array_position($4::text[], $2))`,
      [providerId, delivery, at, ranks],
    )
    .then((result) => result.rowCount ?? 0);
}
