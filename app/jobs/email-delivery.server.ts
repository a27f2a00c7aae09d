import { normaliseEmail } from "~/utils/email-address";
import { getPool } from "~/utils/db.server";
import { EmailSendError, renderEmail, sendEmails, type RenderedEmail } from "~/utils/email.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

/**
 * Delivery of the email outbox (docs/email.md, decisions 005 and 006).
 *
 * Messages are sent in batches of up to 100. A batch is a row whose id is the
 * provider call's idempotency key; its messages are fixed when it is made.
 * Whatever goes wrong (a 429, a 5xx, a worker killed mid-call), the same batch
 * is sent again with the same key, so the provider sends each message once
 * and none is lost. Suppressed and unsubscribed addresses never enter a batch.
 */
export const BATCH_SIZE = 100;
const MAX_ATTEMPTS = 10;

type Message = { id: string; template: string; to_address: string; props: unknown; category: string };
type Batch = { id: string | null; attempts: number; messages: Message[] };
type ClaimedBatch = Batch & { id: string };

/** Takes over a batch that is due for a retry or whose worker died. */
async function reclaimBatch(): Promise<ClaimedBatch | null> {
  const pool = getPool();
  const claimed = await pool.query<{ id: string; attempts: number }>(
    `UPDATE email_batch SET locked_at = now(), attempts = attempts + 1
     WHERE id = (
       SELECT id FROM email_batch
       WHERE status = 'sending'
         -- or claimed longer ago than EMAIL_CLAIM_TIMEOUT_MS: its worker died
         AND ((locked_at IS NULL AND run_after <= now()) OR locked_at < now() - make_interval(secs => $1))
       ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, attempts`,
    [getEnv().EMAIL_CLAIM_TIMEOUT_MS / 1000],
  );
  const batch = claimed.rows[0];
  if (!batch) return null;
  const messages = await pool.query<Message>(
    "SELECT id, template, to_address, props, category FROM email_message WHERE batch_id = $1 AND status = 'sending' ORDER BY id",
    [batch.id],
  );
  return { ...batch, messages: messages.rows };
}

/** Makes a new batch from the due messages, transactional first; drops suppressed and unsubscribed ones. */
async function newBatch(): Promise<Batch | null> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const due = await client.query<Message>(
      `SELECT id, template, to_address, props, category FROM email_message
       WHERE status = 'queued' AND run_after <= now()
       ORDER BY priority, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH_SIZE],
    );
    if (due.rowCount === 0) {
      await client.query("COMMIT");
      return null;
    }
    const addresses = [...new Set(due.rows.map((m) => normaliseEmail(m.to_address)))];
    const [suppressed, unsubscribed] = await Promise.all([
      client.query<{ email_normalised: string }>("SELECT email_normalised FROM email_suppression WHERE email_normalised = ANY($1)", [addresses]),
      client.query<{ email_normalised: string; category: string }>(
        "SELECT email_normalised, category FROM email_preference WHERE email_normalised = ANY($1)",
        [addresses],
      ),
    ]);
    const blocked = new Set(suppressed.rows.map((r) => r.email_normalised));
    const stopped = new Set(unsubscribed.rows.map((r) => `${r.email_normalised} ${r.category}`));
    const isHeld = (m: Message) => {
      const email = normaliseEmail(m.to_address);
      return blocked.has(email) || stopped.has(`${email} ${m.category}`);
    };
    const held: Message[] = [];
    const sending: Message[] = [];
    for (const message of due.rows) (isHeld(message) ? held : sending).push(message);
    if (held.length)
      await client.query("UPDATE email_message SET status = 'suppressed' WHERE id = ANY($1::bigint[])", [held.map((m) => m.id)]);
    let batch: Batch | null = null;
    if (sending.length) {
      const created = await client.query<{ id: string }>("INSERT INTO email_batch (locked_at, attempts) VALUES (now(), 1) RETURNING id");
      const id = created.rows[0]!.id;
      await client.query(
        "UPDATE email_message SET status = 'sending', batch_id = $1, attempts = attempts + 1 WHERE id = ANY($2::bigint[])",
        [id, sending.map((m) => m.id)],
      );
      batch = { id, attempts: 1, messages: sending };
    }
    await client.query("COMMIT");
    // Every due message was held back: nothing to send, but go on looking.
    return batch ?? { id: null, attempts: 0, messages: [] };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

let lastCall = 0;
/** Keeps to the provider's limit: at most EMAIL_RATE_LIMIT calls a second from this worker. */
async function waitForRateLimit() {
  const gap = 1000 / getEnv().EMAIL_RATE_LIMIT;
  const wait = lastCall + gap - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  lastCall = Date.now();
}

function backoffMs(attempts: number) {
  return Math.min(getEnv().EMAIL_RETRY_BASE_MS * 2 ** (attempts - 1), 3_600_000);
}

async function failMessages(ids: string[], reason: string) {
  if (ids.length === 0) return;
  await getPool().query("UPDATE email_message SET status = 'failed', last_error = $2 WHERE id = ANY($1::bigint[])", [ids, reason.slice(0, 1000)]);
  logger.error({ messages: ids.length, reason }, "email failed for good");
}

async function deliver(batch: ClaimedBatch) {
  const pool = getPool();
  // Render every message; one that cannot be rendered fails alone, and always will.
  const rendered: { message: Message; email: RenderedEmail }[] = [];
  for (const message of batch.messages) {
    try {
      rendered.push({ message, email: await renderEmail({ ...message, to: message.to_address }) });
    } catch (error) {
      await failMessages([message.id], error instanceof Error ? error.message : String(error));
    }
  }
  if (rendered.length === 0) {
    await pool.query("UPDATE email_batch SET status = 'sent', locked_at = NULL WHERE id = $1", [batch.id]);
    return;
  }
  try {
    await waitForRateLimit();
    const sent = await sendEmails(rendered.map((r) => r.email), `batch-${batch.id}`);
    // Once the provider has it, the body is not needed here and the props may
    // hold one-time links: only the local outbox keeps them, to show them.
    const keep = sent.transport === "outbox";
    await pool.query(
      `UPDATE email_message AS m SET status = 'sent', sent_at = now(), last_error = NULL,
         transport = $2, provider_id = u.provider_id, subject = u.subject,
         html = CASE WHEN $3::boolean THEN u.html END, text = CASE WHEN $3::boolean THEN u.text END,
         headers = u.headers::jsonb, props = CASE WHEN $3::boolean THEN m.props ELSE '{}'::jsonb END
       FROM unnest($1::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS u(id, provider_id, subject, html, text, headers)
       WHERE m.id = u.id`,
      [
        rendered.map((r) => r.message.id),
        sent.transport,
        keep,
        sent.providerIds,
        rendered.map((r) => r.email.subject),
        rendered.map((r) => r.email.html),
        rendered.map((r) => r.email.text),
        rendered.map((r) => JSON.stringify(r.email.headers)),
      ],
    );
    await pool.query("UPDATE email_batch SET status = 'sent', locked_at = NULL, last_error = NULL WHERE id = $1", [batch.id]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof EmailSendError) || error.retryable;
    if (!retryable || batch.attempts >= MAX_ATTEMPTS) {
      await failMessages(rendered.map((r) => r.message.id), reason);
      await pool.query("UPDATE email_batch SET status = 'failed', locked_at = NULL, last_error = $2 WHERE id = $1", [batch.id, reason]);
      return;
    }
    // The same batch goes again later, under the same idempotency key.
    await pool.query(
      `UPDATE email_batch SET locked_at = NULL, last_error = $2, run_after = now() + make_interval(secs => $3) WHERE id = $1`,
      [batch.id, reason.slice(0, 1000), backoffMs(batch.attempts) / 1000],
    );
    await pool.query("UPDATE email_message SET last_error = $2 WHERE batch_id = $1", [batch.id, reason.slice(0, 1000)]);
  }
}

/** Sends everything due now, a batch at a time. Returns how many messages it handled. */
export async function drainEmailOutbox(): Promise<number> {
  let handled = 0;
  for (;;) {
    const batch = (await reclaimBatch()) ?? (await newBatch());
    if (!batch) return handled;
    if (batch.id !== null) await deliver(batch as ClaimedBatch);
    handled += batch.messages.length;
  }
}
