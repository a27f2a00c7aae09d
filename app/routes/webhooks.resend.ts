import type { ActionFunctionArgs } from "@remix-run/node";
import { Webhook, WebhookVerificationError } from "svix";
import { z } from "zod";
import { suppress } from "~/models/email-preferences.server";
import { recordEmailDelivery, type DeliveryState } from "~/models/email-queue.server";
import { recordWebhookEvent } from "~/models/webhook-event.server";
import { getEnv } from "~/utils/env.server";
import { parseJsonBody, readText } from "~/utils/form.server";
import { isStorableText } from "~/utils/storable-text";

// Resend's events are a few kilobytes; this leaves room and still bounds memory.
const WEBHOOK_MAX_BYTES = 256 * 1024;

/** Resend's delivery events that matter here: delivered, delayed, bounced and complained. */
const ResendEvent = z.object({
  type: z.string(),
  created_at: z.string().max(64).optional(),
  data: z
    .object({
      /** the id Resend gave the message when it was sent: email_message.provider_id */
      email_id: z.string().max(200).refine(isStorableText).optional(),
      to: z.union([z.string(), z.array(z.string())]).optional(),
      bounce: z.object({ type: z.string().optional() }).passthrough().optional(),
    })
    .passthrough(),
});

/** What each event says about the message, for its delivery figures (email_message.delivery). */
const DELIVERY_OF: Record<string, DeliveryState> = {
  "email.delivered": "delivered",
  "email.delivery_delayed": "delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
};

/** When the provider says it happened; now when it does not say, or says something that is not a time. */
function eventTime(createdAt: string | undefined) {
  const at = createdAt ? new Date(createdAt) : null;
  return at && !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 2000 && at.getUTCFullYear() < 2100
    ? at
    : new Date();
}

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/**
 * POST /webhooks/resend. The Svix signature (RESEND_WEBHOOK_SECRET) must be
 * right and fresh (5 minutes) and the message id new: a bad or stale
 * signature gets 401, a replay 400. Hard-bounced and complaining addresses are
 * suppressed: nothing is sent to them again. Delivered, delayed, bounced and
 * complained are recorded on the message Resend names (data.email_id), for the
 * announcements' figures.
 */
export async function action({ request }: ActionFunctionArgs) {
  const secret = getEnv().RESEND_WEBHOOK_SECRET;
  if (!secret) throw new Response("Webhooks are not configured", { status: 404 });
  // Read capped and as text: the signature is over exactly these bytes, so it is checked before parsing.
  const payload = await readText(request, WEBHOOK_MAX_BYTES);
  const headers = {
    "svix-id": request.headers.get("svix-id") ?? "",
    "svix-timestamp": request.headers.get("svix-timestamp") ?? "",
    "svix-signature": request.headers.get("svix-signature") ?? "",
  };
  try {
    new Webhook(secret).verify(payload, headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return Response.json({ error: error.message }, { status: 401 });
    // Once the signature matches, svix parses the body itself: a signed body that is not JSON threw a 500.
    if (error instanceof SyntaxError) return Response.json({ error: "The body is not JSON." }, { status: 400 });
    throw error;
  }
  let body: unknown;
  try {
    body = parseJsonBody(payload);
  } catch (refused) {
    if (!(refused instanceof Response)) throw refused;
    return Response.json({ error: await refused.text() }, { status: refused.status });
  }
  const parsed = ResendEvent.safeParse(body);
  if (!parsed.success) return Response.json({ error: "Not a Resend event" }, { status: 400 });
  const event = parsed.data;
  if (!(await recordWebhookEvent(headers["svix-id"], event.type)))
    return Response.json({ error: "This message was already received (replay)" }, { status: 400 });

  const recipients = [event.data.to ?? []].flat();
  const hardBounce = event.type === "email.bounced" && !/transient|temporary|soft/i.test(event.data.bounce?.type ?? "");
  if (hardBounce || event.type === "email.complained")
    for (const to of recipients) await suppress(to, hardBounce ? "bounce" : "complaint");
  const delivery = DELIVERY_OF[event.type];
  const recorded =
    delivery && event.data.email_id
      ? await recordEmailDelivery(event.data.email_id, delivery, eventTime(event.created_at))
      : 0;
  return Response.json({
    received: true,
    suppressed: hardBounce || event.type === "email.complained" ? recipients.length : 0,
    recorded,
  });
}
