import { toPlainText } from "@react-email/render";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement, type ReactElement } from "react";
import { Resend } from "resend";
import ConfirmPledgeEmail, * as confirmPledge from "../../emails/confirm-pledge";
import PledgeConfirmedEmail, * as pledgeConfirmed from "../../emails/pledge-confirmed";
import MagicLinkEmail, * as magicLink from "../../emails/magic-link";
import ConfirmOrganisationEmail, * as confirmOrganisation from "../../emails/confirm-organisation-email";
import OrganisationVerifiedEmail, * as organisationVerified from "../../emails/organisation-verified";
import OrganisationRejectedEmail, * as organisationRejected from "../../emails/organisation-rejected";
import EditorInvitationEmail, * as editorInvitation from "../../emails/editor-invitation";
import PledgeNudgeEmail, * as pledgeNudge from "../../emails/pledge-nudge";
import OrganisationDigestEmail, * as organisationDigest from "../../emails/organisation-digest";
import type { Prisma } from "~/generated/prisma/client";
import { EmailRecipientContext } from "../../emails/layout";
import {
  isEmailCategory,
  preferencesUrl,
  unsubscribeHeaders,
  type EmailCategory,
} from "~/models/email-preferences.server";
import { getEnv } from "./env.server";

/** Every email the platform sends: template name -> component and subject. */
const templates = {
  "confirm-pledge": { component: ConfirmPledgeEmail, subject: confirmPledge.subject },
  "pledge-confirmed": { component: PledgeConfirmedEmail, subject: pledgeConfirmed.subject },
  "magic-link": { component: MagicLinkEmail, subject: magicLink.subject },
  "confirm-organisation-email": { component: ConfirmOrganisationEmail, subject: confirmOrganisation.subject },
  "organisation-verified": { component: OrganisationVerifiedEmail, subject: organisationVerified.subject },
  "organisation-rejected": { component: OrganisationRejectedEmail, subject: organisationRejected.subject },
  "editor-invitation": { component: EditorInvitationEmail, subject: editorInvitation.subject },
  "pledge-nudge": { component: PledgeNudgeEmail, subject: pledgeNudge.subject },
  "organisation-digest": { component: OrganisationDigestEmail, subject: organisationDigest.subject },
} as const;

export type TemplateName = keyof typeof templates;
type PropsOf<T extends TemplateName> = Parameters<(typeof templates)[T]["component"]>[0];


/** Which unsubscribe applies: none for transactional email (confirmations, sign-in links). */
export type MessageCategory = "transactional" | EmailCategory;

/**
 * Queues an email in the caller's transaction: it is sent if and only if the
 * change that caused it commits. The worker renders and delivers it;
 * transactional email goes ahead of bulk (nudges, digests).
 */
export async function queueEmail<T extends TemplateName>(
  tx: Prisma.TransactionClient,
  message: { template: T; to: string; props: PropsOf<T>; pledgeId?: string; category?: MessageCategory },
) {
  const category = message.category ?? "transactional";
  return tx.emailMessage.create({
    data: {
      template: message.template,
      toAddress: message.to,
      props: message.props as Prisma.InputJsonValue,
      pledgeId: message.pledgeId,
      category,
      priority: category === "transactional" ? 0 : 1,
    },
    select: { id: true },
  });
}

export function isTemplateName(name: string): name is TemplateName {
  return name in templates;
}

// The doctype @react-email/render puts in front of every email.
const XHTML_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

export type RenderedEmail = { to: string; subject: string; html: string; text: string; headers: Record<string, string> };

/**
 * Renders a queued message for its recipient: subject, HTML, plain text, and
 * for anything but transactional email the RFC 8058 unsubscribe headers. Every
 * email links to the recipient's preferences page.
 */
export async function renderEmail(message: { template: string; to: string; props: unknown; category: string }): Promise<RenderedEmail> {
  if (!isTemplateName(message.template)) throw new EmailSendError(`unknown template ${message.template}`, false);
  const template = templates[message.template];
  const element = createElement(
    EmailRecipientContext.Provider,
    { value: { preferencesUrl: preferencesUrl(message.to) } },
    createElement(template.component as (p: unknown) => ReactElement, message.props as object),
  );
  // Our templates are synchronous, so React's static renderer does (at a third
  // of the cost of @react-email/render's streaming one: bench/nudges.ts) what
  // render() does; the text comes from that HTML instead of a second render.
  const html = `${XHTML_DOCTYPE}${renderToStaticMarkup(element)}`;
  const text = toPlainText(html);
  const headers = isEmailCategory(message.category) ? unsubscribeHeaders(message.to, message.category) : {};
  return { to: message.to, subject: (template.subject as (p: unknown) => string)(message.props), html, text, headers };
}

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
 * The one place that talks to the email provider: up to 100 messages in one
 * call to Resend's batch endpoint (honouring RESEND_BASE_URL), under an
 * idempotency key, so a retry of the same batch is sent once. Without
 * RESEND_API_KEY nothing leaves: the caller keeps the messages for the local
 * outbox at /dev/outbox. Returns the provider's id for each message, in order.
 */
export async function sendEmails(
  messages: RenderedEmail[],
  idempotencyKey: string,
): Promise<{ transport: "resend" | "outbox"; providerIds: (string | null)[] }> {
  const env = getEnv();
  if (!env.RESEND_API_KEY) return { transport: "outbox", providerIds: messages.map(() => null) };
  resend ??= new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  const { data, error } = await resend.batch.send(
    messages.map((m) => ({ from: env.EMAIL_FROM, to: m.to, subject: m.subject, html: m.html, text: m.text, headers: m.headers })),
    { idempotencyKey },
  );
  if (error) {
    const status = error.statusCode ?? 0;
    // 429 and 5xx (and no answer at all) pass; anything else will not get better by retrying.
    throw new EmailSendError(`${error.name}: ${error.message}`, status === 0 || status === 429 || status >= 500);
  }
  return { transport: "resend", providerIds: messages.map((_, i) => data?.data[i]?.id ?? null) };
}

/** Tests swap the provider settings between cases. */
export function resetEmailClient() {
  resend = undefined;
}
