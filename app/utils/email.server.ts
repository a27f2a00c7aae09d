import { toPlainText } from "@react-email/render";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement, type ReactElement } from "react";
import ConfirmPledgeEmail, * as confirmPledge from "../../emails/confirm-pledge";
import PledgeConfirmedEmail, * as pledgeConfirmed from "../../emails/pledge-confirmed";
import MagicLinkEmail, * as magicLink from "../../emails/magic-link";
import ConfirmOrganisationEmail, * as confirmOrganisation from "../../emails/confirm-organisation-email";
import OrganisationVerifiedEmail, * as organisationVerified from "../../emails/organisation-verified";
import OrganisationRejectedEmail, * as organisationRejected from "../../emails/organisation-rejected";
import EditorInvitationEmail, * as editorInvitation from "../../emails/editor-invitation";
import PledgeNudgeEmail, * as pledgeNudge from "../../emails/pledge-nudge";
import OrganisationDigestEmail, * as organisationDigest from "../../emails/organisation-digest";
import ConditionMetEmail, * as conditionMet from "../../emails/condition-met";
import ConditionLapsedEmail, * as conditionLapsed from "../../emails/condition-lapsed";
import MilestoneEmail, * as milestone from "../../emails/milestone";
import RsvpConfirmEmail, * as rsvpConfirm from "../../emails/rsvp-confirm";
import RsvpGoingEmail, * as rsvpGoing from "../../emails/rsvp-going";
import RsvpWaitingEmail, * as rsvpWaiting from "../../emails/rsvp-waiting";
import RsvpOfferEmail, * as rsvpOffer from "../../emails/rsvp-offer";
import EventReminderEmail, * as eventReminder from "../../emails/event-reminder";
import EventChangedEmail, * as eventChanged from "../../emails/event-changed";
import EventCancelledEmail, * as eventCancelled from "../../emails/event-cancelled";
import EventFollowUpEmail, * as eventFollowUp from "../../emails/event-follow-up";
import HelpDigestEmail, * as helpDigest from "../../emails/help-digest";
import AnnouncementEmail, * as announcement from "../../emails/announcement";
import ModerationHiddenEmail, * as moderationHidden from "../../emails/moderation-hidden";
import { EmailRecipientContext } from "../../emails/layout";
import type { EmailAttachment } from "../../emails/components/calendar-attachment";

export type { EmailAttachment };

/**
 * Rendering email: every template the platform sends (template name ->
 * component, subject and any attachments), turned into subject, HTML, plain
 * text and attachments. Which category and priority each template is queued
 * with is the email queue's table (app/models/email-queue.server.ts), which
 * must name every template here. A message with attachments is sent on its
 * own, through the provider's single-send endpoint (docs/email.md).
 */
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
  "condition-met": { component: ConditionMetEmail, subject: conditionMet.subject },
  "condition-lapsed": { component: ConditionLapsedEmail, subject: conditionLapsed.subject },
  milestone: { component: MilestoneEmail, subject: milestone.subject },
  "rsvp-confirm": { component: RsvpConfirmEmail, subject: rsvpConfirm.subject },
  "rsvp-going": {
    component: RsvpGoingEmail,
    subject: rsvpGoing.subject,
    attachments: rsvpGoing.attachments,
  },
  "rsvp-waiting": { component: RsvpWaitingEmail, subject: rsvpWaiting.subject },
  "rsvp-offer": { component: RsvpOfferEmail, subject: rsvpOffer.subject },
  "event-reminder": { component: EventReminderEmail, subject: eventReminder.subject },
  "event-changed": {
    component: EventChangedEmail,
    subject: eventChanged.subject,
    attachments: eventChanged.attachments,
  },
  "event-cancelled": { component: EventCancelledEmail, subject: eventCancelled.subject },
  "event-follow-up": { component: EventFollowUpEmail, subject: eventFollowUp.subject },
  "help-digest": { component: HelpDigestEmail, subject: helpDigest.subject },
  announcement: { component: AnnouncementEmail, subject: announcement.subject },
  "moderation-hidden": { component: ModerationHiddenEmail, subject: moderationHidden.subject },
} as const;

export type TemplateName = keyof typeof templates;
export type PropsOf<T extends TemplateName> = Parameters<(typeof templates)[T]["component"]>[0];

export const TEMPLATE_NAMES = Object.keys(templates) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return name in templates;
}

// The doctype @react-email/render puts in front of every email.
const XHTML_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

export type RenderedEmail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** only when there are any: a message with attachments goes through the single-send endpoint */
  attachments?: EmailAttachment[];
};

type Attaching = { attachments: (props: never, queuedAt: Date) => EmailAttachment[] };

/**
 * The files a message carries, made from its props and the time it was
 * queued (`queuedAt`; now when it was not). Empty for most templates.
 */
export function emailAttachments(message: { template: string; props: unknown; queuedAt?: Date }): EmailAttachment[] {
  if (!isTemplateName(message.template)) return [];
  const template: object = templates[message.template];
  if (!("attachments" in template)) return [];
  return (template as Attaching).attachments(message.props as never, message.queuedAt ?? new Date());
}

/** What a message carries for its own recipient: the link to their preferences page, and any extra headers (unsubscribe). */
export type EmailRecipient = { preferencesUrl?: string; headers?: Record<string, string> };

/**
 * Renders a message for its recipient: subject, HTML, plain text, headers and
 * any attachments. Throws for a template it does not know.
 */
export function renderEmail(
  message: { template: string; to: string; props: unknown; queuedAt?: Date },
  recipient: EmailRecipient = {},
): RenderedEmail {
  if (!isTemplateName(message.template)) throw new Error(`unknown template ${message.template}`);
  const template = templates[message.template];
  const element = createElement(
    EmailRecipientContext.Provider,
    { value: { preferencesUrl: recipient.preferencesUrl } },
    createElement(template.component as (p: unknown) => ReactElement, message.props as object),
  );
  // Our templates are synchronous, so React's static renderer does (at a third
  // of the cost of @react-email/render's streaming one: bench/nudges.ts) what
  // render() does; the text comes from that HTML instead of a second render.
  const html = `${XHTML_DOCTYPE}${renderToStaticMarkup(element)}`;
  const text = toPlainText(html);
  const subject = (template.subject as (p: unknown) => string)(message.props);
  const attachments = emailAttachments(message);
  return {
    to: message.to,
    subject,
    html,
    text,
    headers: recipient.headers ?? {},
    ...(attachments.length ? { attachments } : {}),
  };
}
