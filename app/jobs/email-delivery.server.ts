import {
  claimNewEmailBatch,
  closeEmailBatch,
  failEmailBatch,
  failEmailMessages,
  reclaimEmailBatch,
  recordEmailBatchSent,
  renderQueuedEmail,
  retryEmailBatchLater,
  type ClaimedEmailBatch,
  type QueuedMessage,
} from "~/models/email-queue.server";
import type { RenderedEmail } from "~/utils/email.server";
import { EmailSendError, sendEmailBatch } from "~/utils/email-transport.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

/**
 * Delivery of the email queue (docs/email.md, decisions 005 and 006).
 *
 * Messages are sent in batches of up to 100. A batch is a row whose id is the
 * provider call's idempotency key; its messages are fixed when it is made.
 * Whatever goes wrong (a 429, a 5xx, a worker killed mid-call), the same batch
 * is sent again with the same key, so the provider sends each message once
 * and none is lost. A message with attachments (an event's .ics) is a batch of
 * its own, sent through the single-send endpoint under the same kind of key:
 * the batch endpoint would drop its file. Suppressed and unsubscribed
 * addresses never enter a batch.
 * The statements are the email queue model's (app/models/email-queue.server.ts);
 * this decides what happens when.
 */
export const BATCH_SIZE = 100;
const MAX_ATTEMPTS = 10;

let lastCall = 0;
/** Keeps to the provider's limit: at most EMAIL_RATE_LIMIT calls a second from this worker. */
async function waitForRateLimit() {
  const gap = 1000 / getEnv().EMAIL_RATE_LIMIT;
  const wait = lastCall + gap - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  lastCall = Date.now();
}

/** The first retry after EMAIL_RETRY_BASE_MS, doubling each time, never more than an hour. */
export function backoffMs(attempts: number) {
  return Math.min(getEnv().EMAIL_RETRY_BASE_MS * 2 ** (attempts - 1), 3_600_000);
}

async function failMessages(ids: string[], reason: string) {
  if (ids.length === 0) return;
  await failEmailMessages(ids, reason);
  logger.error({ messages: ids.length, reason }, "email failed for good");
}

async function deliver(batch: ClaimedEmailBatch) {
  // Render every message; one that cannot be rendered fails alone, and always will.
  const rendered: { message: QueuedMessage; email: RenderedEmail }[] = [];
  for (const message of batch.messages) {
    try {
      rendered.push({
        message,
        email: renderQueuedEmail({ ...message, to: message.to_address, queuedAt: message.created_at }),
      });
    } catch (error) {
      await failMessages([message.id], error instanceof Error ? error.message : String(error));
    }
  }
  if (rendered.length === 0) {
    await closeEmailBatch(batch.id);
    return;
  }
  try {
    await waitForRateLimit();
    const sent = await sendEmailBatch(
      rendered.map((r) => r.email),
      `batch-${batch.id}`,
    );
    // Once the provider has it, the body is not needed here and the props may
    // hold one-time links: only the local outbox keeps them, to show them.
    await recordEmailBatchSent(batch.id, {
      transport: sent.transport,
      keepBody: sent.transport === "outbox",
      messages: rendered.map((r, i) => ({ id: r.message.id, providerId: sent.providerIds[i] ?? null, email: r.email })),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof EmailSendError) || error.retryable;
    if (!retryable || batch.attempts >= MAX_ATTEMPTS) {
      const ids = rendered.map((r) => r.message.id);
      await failEmailBatch(batch.id, ids, reason);
      logger.error({ messages: ids.length, reason }, "email failed for good");
      return;
    }
    // The same batch goes again later, under the same idempotency key.
    await retryEmailBatchLater(batch.id, reason, backoffMs(batch.attempts));
  }
}

/** Sends everything due in the email queue now, a batch at a time. Returns how many messages it handled. */
export async function drainEmailQueue(): Promise<number> {
  let handled = 0;
  for (;;) {
    const batch = (await reclaimEmailBatch(getEnv().EMAIL_CLAIM_TIMEOUT_MS)) ?? (await claimNewEmailBatch(BATCH_SIZE));
    if (!batch) return handled;
    if (batch.id !== null) await deliver(batch as ClaimedEmailBatch);
    handled += batch.messages.length;
  }
}
