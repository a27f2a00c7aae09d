import { Resend } from "resend";
import type { RenderedEmail } from "./email.server";
import { getEnv } from "./env.server";

/**
 * Where a sent batch went: through Resend, or (without RESEND_API_KEY) into the
 * local outbox at /dev/outbox, which is the rows themselves with their
 * rendered bodies kept. Stored in `email_message.transport`.
 */
export type EmailTransport = "resend" | "outbox";

export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

let resend: Resend | undefined;

/**
 * The email transport, and the one place that talks to the email provider: up
 * to 100 messages in one call to Resend's batch endpoint (honouring
 * RESEND_BASE_URL), under an idempotency key, so a retry of the same batch is
 * sent once. Without RESEND_API_KEY nothing leaves: the transport is the local
 * outbox, and the caller keeps the rendered messages for /dev/outbox. Returns
 * the provider's id for each message, in order.
 *
 * Resend's batch endpoint silently drops `attachments` (and `scheduled_at`):
 * the email would go, without its file, and nobody would know. A message with
 * attachments therefore goes through the single-send endpoint, always in a
 * batch of its own (the queue makes it so), under the same `batch-<id>` key.
 */
export async function sendEmailBatch(
  messages: RenderedEmail[],
  idempotencyKey: string,
): Promise<{ transport: EmailTransport; providerIds: (string | null)[] }> {
  const env = getEnv();
  const attaching = messages.some((m) => m.attachments?.length);
  if (attaching && messages.length !== 1)
    throw new EmailSendError(
      `a message with attachments must be sent on its own, not in a batch of ${messages.length}`,
      false,
    );
  if (!env.RESEND_API_KEY) return { transport: "outbox", providerIds: messages.map(() => null) };
  resend ??= new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  const content = (m: RenderedEmail) => ({
    from: env.EMAIL_FROM,
    to: m.to,
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: m.headers,
  });
  if (attaching) {
    const message = messages[0]!;
    const { data, error } = await resend.emails.send(
      { ...content(message), attachments: message.attachments },
      { idempotencyKey },
    );
    if (error) throw sendError(error);
    return { transport: "resend", providerIds: [data?.id ?? null] };
  }
  const { data, error } = await resend.batch.send(messages.map(content), { idempotencyKey });
  if (error) throw sendError(error);
  return { transport: "resend", providerIds: messages.map((_, i) => data?.data[i]?.id ?? null) };
}

function sendError(error: { name: string; message: string; statusCode?: number | null }) {
  const status = error.statusCode ?? 0;
  // 429 and 5xx (and no answer at all) pass, and so does a 409 saying the same key is still being
  // sent (a worker took over a batch whose first send had not finished); anything else will not
  // get better by retrying.
  const inFlight = status === 409 && error.name === "concurrent_idempotent_requests";
  return new EmailSendError(
    `${error.name}: ${error.message}`,
    status === 0 || status === 429 || status >= 500 || inFlight,
  );
}

/** Tests swap the provider settings between cases. */
export function resetEmailClient() {
  resend = undefined;
}
