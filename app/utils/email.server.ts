import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { Resend } from "resend";
import ConfirmPledgeEmail, * as confirmPledge from "../../emails/confirm-pledge";
import PledgeConfirmedEmail, * as pledgeConfirmed from "../../emails/pledge-confirmed";
import MagicLinkEmail, * as magicLink from "../../emails/magic-link";
import ConfirmOrganisationEmail, * as confirmOrganisation from "../../emails/confirm-organisation-email";
import OrganisationVerifiedEmail, * as organisationVerified from "../../emails/organisation-verified";
import OrganisationRejectedEmail, * as organisationRejected from "../../emails/organisation-rejected";
import EditorInvitationEmail, * as editorInvitation from "../../emails/editor-invitation";
import type { Prisma } from "~/generated/prisma/client";
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
} as const;

export type TemplateName = keyof typeof templates;
type PropsOf<T extends TemplateName> = Parameters<(typeof templates)[T]["component"]>[0];

/**
 * Queues an email in the caller's transaction: it is sent if and only if the
 * change that caused it commits. The worker renders and delivers it.
 */
export async function queueEmail<T extends TemplateName>(
  tx: Prisma.TransactionClient,
  message: { template: T; to: string; props: PropsOf<T>; pledgeId?: string },
) {
  await tx.emailMessage.create({
    data: {
      template: message.template,
      toAddress: message.to,
      props: message.props as Prisma.InputJsonValue,
      pledgeId: message.pledgeId,
    },
  });
}

export function isTemplateName(name: string): name is TemplateName {
  return name in templates;
}

/** Renders a queued message to subject, HTML and plain text. */
export async function renderTemplate(name: TemplateName, props: unknown) {
  const template = templates[name];
  const react = createElement(template.component as (p: unknown) => ReactElement, props as object);
  return { subject: (template.subject as (p: unknown) => string)(props), react };
}

export type SentEmail = {
  transport: "resend" | "outbox";
  providerId: string | null;
  html: string;
  text: string;
  headers: Record<string, string>;
};

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
 * The one place that talks to the email provider. With RESEND_API_KEY it
 * sends through Resend (honouring RESEND_BASE_URL); without it the message is
 * kept for the local outbox at /dev/outbox. The idempotency key makes a retry
 * after a crash safe: Resend sends a key's message at most once.
 */
export async function sendEmail(message: {
  to: string;
  subject: string;
  react: ReactElement;
  idempotencyKey: string;
  headers?: Record<string, string>;
}): Promise<SentEmail> {
  const env = getEnv();
  const [html, text] = await Promise.all([render(message.react), render(message.react, { plainText: true })]);
  const headers = message.headers ?? {};
  if (!env.RESEND_API_KEY) return { transport: "outbox", providerId: null, html, text, headers };

  resend ??= new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  const { data, error } = await resend.emails.send(
    { from: env.EMAIL_FROM, to: message.to, subject: message.subject, html, text, headers },
    { idempotencyKey: message.idempotencyKey },
  );
  if (error) {
    const status = error.statusCode ?? 0;
    // 429 and 5xx (and no answer at all) pass; anything else will not get better by retrying.
    throw new EmailSendError(`${error.name}: ${error.message}`, status === 0 || status === 429 || status >= 500);
  }
  return { transport: "resend", providerId: data?.id ?? null, html, text, headers };
}

/** Tests swap the provider settings between cases. */
export function resetEmailClient() {
  resend = undefined;
}
