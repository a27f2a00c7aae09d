import { EmailSendError, isTemplateName, renderTemplate, sendEmail } from "~/utils/email.server";
import { getPool } from "~/utils/db.server";

const MAX_ATTEMPTS = 8;

type ClaimedMessage = { id: string; template: string; to_address: string; props: unknown; attempts: number };

/**
 * Claims up to `limit` due messages; SKIP LOCKED lets several workers share the
 * queue. A message claimed more than 5 minutes ago belongs to a worker that
 * died and is taken over: safe, because every send carries the message's
 * idempotency key.
 */
async function claim(limit: number): Promise<ClaimedMessage[]> {
  const result = await getPool().query<ClaimedMessage>(
    `UPDATE email_message SET status = 'sending', locked_at = now(), attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM email_message
       WHERE (status = 'queued' AND run_after <= now())
          OR (status = 'sending' AND locked_at < now() - interval '5 minutes')
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, template, to_address, props, attempts`,
    [limit],
  );
  return result.rows;
}

function backoffSeconds(attempts: number) {
  return Math.min(2 ** attempts * 5, 3600);
}

async function deliver(message: ClaimedMessage) {
  const pool = getPool();
  try {
    if (!isTemplateName(message.template)) throw new EmailSendError(`unknown template ${message.template}`, false);
    const { subject, react } = await renderTemplate(message.template, message.props);
    const sent = await sendEmail({ to: message.to_address, subject, react, idempotencyKey: `email-${message.id}` });
    // Once the provider has it, the body is not needed here and the props may
    // hold a one-time token: only the local outbox keeps them, to show them.
    const keepBody = sent.transport === "outbox";
    await pool.query(
      `UPDATE email_message SET status = 'sent', sent_at = now(), locked_at = NULL, last_error = NULL,
         transport = $2, provider_id = $3, subject = $4, html = $5, text = $6, headers = $7,
         props = CASE WHEN $8::boolean THEN props ELSE '{}'::jsonb END
       WHERE id = $1`,
      [
        message.id,
        sent.transport,
        sent.providerId,
        subject,
        keepBody ? sent.html : null,
        keepBody ? sent.text : null,
        JSON.stringify(sent.headers),
        keepBody,
      ],
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof EmailSendError) || error.retryable;
    const giveUp = !retryable || message.attempts >= MAX_ATTEMPTS;
    await pool.query(
      `UPDATE email_message SET status = $2, locked_at = NULL, last_error = $3,
         run_after = now() + make_interval(secs => $4)
       WHERE id = $1`,
      [message.id, giveUp ? "failed" : "queued", reason.slice(0, 1000), backoffSeconds(message.attempts)],
    );
    if (giveUp) console.error(`email ${message.id} (${message.template}) failed for good: ${reason}`);
  }
}

/** Sends everything due now, a batch at a time. Returns how many it handled. */
export async function drainEmailOutbox(batchSize = 50): Promise<number> {
  let handled = 0;
  for (;;) {
    const batch = await claim(batchSize);
    if (batch.length === 0) return handled;
    for (const message of batch) await deliver(message);
    handled += batch.length;
  }
}
