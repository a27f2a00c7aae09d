import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { formatDateTime } from "~/utils/dates";
import { QUALITY_BY_KEY } from "~/reference/qualities";
import type { AnnouncementProps } from "../../emails/announcement";
import {
  EDITABLE_STATUSES,
  type AnnouncementFilters,
  type AnnouncementInput,
  type AnnouncementStatus,
} from "./announcement";
import { recordAudit, type AuditActor } from "./audit.server";
import { queueAnnouncementEmails, queueEmail, renderQueuedEmail } from "./email-queue.server";
import { resubscribe, unsubscribeUrl } from "./email-preferences.server";
import { listWards } from "./ward.server";

/*
 * Announcements: the Alliance's news emails (docs/announcements.md). An admin
 * writes one, sees exactly who it will reach, and sends it now or at a time.
 * The worker then queues one message per person, in chunks, each chunk one
 * transaction that first claims the person in announcement_recipient (primary
 * key: announcement and address, ON CONFLICT DO NOTHING) and queues messages
 * only for the rows it inserted. However many times it runs, however many
 * workers run it at once, each person is queued once.
 */

/** People queued per transaction: a 20,000-person list is twenty short transactions, not one long one. */
export const QUEUE_CHUNK = 1000;

export function hasFilters(filters: AnnouncementFilters) {
  return Boolean(filters.wardCode || filters.quality || filters.campaignId);
}

/**
 * Who gets it, one row per person (by normalised address), in address order:
 * confirmed, not withdrawn pledgers who agreed to news, narrowed by the
 * filters; with no filter, organisation members who agreed to news too; less
 * anyone unsubscribed from news or suppressed. The count, the preview and the
 * send all read this one query. `after` and `limit` page through it.
 */
function recipientsSql(filters: AnnouncementFilters, page?: { after: string; limit: number }) {
  const members = !hasFilters(filters);
  return Prisma.sql`
    SELECT DISTINCT ON (c.email_normalised) c.email_normalised, c.email
    FROM (
      SELECT p.email_normalised, p.email, 0 AS source, p.confirmed_at AS at FROM pledge p
      WHERE p.confirmed_at IS NOT NULL AND p.withdrawn_at IS NULL AND p.news_consent AND NOT p.is_example
        AND (${filters.wardCode}::text IS NULL OR p.ward_code = ${filters.wardCode}::text)
        AND (${filters.quality}::text IS NULL OR ${filters.quality}::text = ANY (p.qualities))
        AND (${filters.campaignId}::uuid IS NULL OR p.campaign_id = ${filters.campaignId}::uuid)
      UNION ALL
      SELECT u.email_normalised, u.email, 1 AS source, u.created_at AS at FROM app_user u
      WHERE ${members}::boolean AND u.news_consent
        AND EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id)
    ) c
    WHERE NOT EXISTS (
        SELECT 1 FROM email_preference e WHERE e.email_normalised = c.email_normalised AND e.category = 'news')
      AND NOT EXISTS (SELECT 1 FROM email_suppression s WHERE s.email_normalised = c.email_normalised)
      ${page ? Prisma.sql`AND c.email_normalised > ${page.after}` : Prisma.empty}
    -- A pledger's newest confirmed pledge gives the address to write to; a pledger who is also a member, the pledge.
    ORDER BY c.email_normalised, c.source, c.at DESC
    ${page ? Prisma.sql`LIMIT ${page.limit}` : Prisma.empty}`;
}

/** Exactly how many people an announcement with these filters reaches now. */
export async function countRecipients(filters: AnnouncementFilters) {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM (${recipientsSql(filters)}) r`;
  return row?.count ?? 0;
}

function filtersOf(announcement: { wardCode: string | null; quality: string | null; campaignId: string | null }) {
  return { wardCode: announcement.wardCode, quality: announcement.quality, campaignId: announcement.campaignId };
}

function inputData(input: AnnouncementInput) {
  return {
    subject: input.subject,
    body: input.body,
    wardCode: input.wardCode ?? null,
    quality: input.quality ?? null,
    campaignId: input.campaignId ?? null,
  };
}

export async function createAnnouncement(actor: AuditActor, input: AnnouncementInput) {
  const id = randomUUID();
  await prisma.$transaction(async (tx) => {
    const created = await tx.announcement.create({ data: { id, ...inputData(input), createdById: actor.id } });
    await recordAudit(
      actor,
      {
        action: "announcement.create",
        subject: { kind: "announcement", id },
        summary: `Wrote a draft announcement, “${input.subject}”`,
        after: created,
      },
      tx,
    );
  });
  return id;
}

/** Saves a draft's words and filters. False when it is no longer a draft (scheduled or sent meanwhile). */
export async function updateAnnouncement(actor: AuditActor, id: string, input: AnnouncementInput) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.announcement.findUnique({ where: { id } });
    if (!before) return false;
    const { count } = await tx.announcement.updateMany({
      where: { id, status: { in: [...EDITABLE_STATUSES] } },
      data: { ...inputData(input), updatedAt: new Date() },
    });
    if (count === 0) return false;
    await recordAudit(
      actor,
      {
        action: "announcement.update",
        subject: { kind: "announcement", id },
        summary: `Edited the announcement “${input.subject}”`,
        before: { subject: before.subject, body: before.body, ...filtersOf(before) },
        after: inputData(input),
      },
      tx,
    );
    return true;
  });
}

export function isAnnouncementId(id: string | undefined): id is string {
  return typeof id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

export async function getAnnouncement(id: string | undefined) {
  if (!isAnnouncementId(id)) return null;
  return prisma.announcement.findUnique({ where: { id } });
}

/** The email as a recipient at this address would get it: subject, HTML and text (the edit page's preview). */
export function renderAnnouncement(
  announcement: { subject: string; body: string },
  to: string,
  options: { test?: boolean } = {},
) {
  return renderQueuedEmail({
    template: "announcement",
    to,
    props: announcementProps(announcement, to, options),
    category: "news",
  });
}

function announcementProps(
  announcement: { subject: string; body: string },
  to: string,
  options: { test?: boolean; issuedAt?: Date } = {},
): AnnouncementProps {
  return {
    subject: announcement.subject,
    body: announcement.body,
    unsubscribeUrl: unsubscribeUrl(to, "news", options.issuedAt),
    ...(options.test ? { test: true } : {}),
  };
}

export type TestRefusal = "unsubscribed" | "suppressed";

/**
 * Queues one copy to the admin, marked as a test (not part of the
 * announcement's figures). Refused when their own address would hold it back.
 */
export async function sendTestAnnouncement(
  actor: AuditActor,
  id: string,
): Promise<{ ok: true } | { ok: false; refusal: TestRefusal } | null> {
  const emailNormalised = normaliseEmail(actor.email);
  return prisma.$transaction(async (tx) => {
    const announcement = await tx.announcement.findUnique({ where: { id } });
    if (!announcement) return null;
    if (await tx.emailSuppression.findUnique({ where: { emailNormalised } }))
      return { ok: false as const, refusal: "suppressed" as const };
    if (
      await tx.emailPreference.findUnique({
        where: { emailNormalised_category: { emailNormalised, category: "news" } },
      })
    )
      return { ok: false as const, refusal: "unsubscribed" as const };
    await queueEmail(tx, {
      template: "announcement",
      to: actor.email,
      props: announcementProps(announcement, actor.email, { test: true }),
    });
    await recordAudit(
      actor,
      {
        action: "announcement.test",
        subject: { kind: "announcement", id },
        summary: `Sent a test of “${announcement.subject}” to ${actor.email}`,
      },
      tx,
    );
    return { ok: true as const };
  });
}

/**
 * Sends it at `sendAt` (now, or later): a draft (or a cancelled one) becomes
 * scheduled, and the worker queues it when it is due. Pressed twice, the
 * second finds it no longer a draft and changes nothing. Returns whether this
 * call scheduled it, or null for no such announcement.
 */
export async function scheduleAnnouncement(
  actor: AuditActor,
  id: string,
  sendAt: Date,
  shown: { now: boolean; count: number },
) {
  return prisma.$transaction(async (tx) => {
    const announcement = await tx.announcement.findUnique({ where: { id } });
    if (!announcement) return null;
    const { count } = await tx.announcement.updateMany({
      where: { id, status: { in: [...EDITABLE_STATUSES] } },
      data: { status: "scheduled", sendAt, updatedAt: new Date() },
    });
    if (count === 0) return false;
    await recordAudit(
      actor,
      {
        action: shown.now ? "announcement.send" : "announcement.schedule",
        subject: { kind: "announcement", id },
        summary: shown.now
          ? `Sent the announcement “${announcement.subject}” to ${shown.count} people`
          : `Scheduled the announcement “${announcement.subject}” for ${formatDateTime(sendAt)} (${shown.count} people at the time)`,
        before: { status: announcement.status, sendAt: announcement.sendAt },
        after: { status: "scheduled", sendAt, recipientsShown: shown.count, ...filtersOf(announcement) },
      },
      tx,
    );
    return true;
  });
}

/** Stops a scheduled send before it goes. False when it is not scheduled (gone already, or never scheduled). */
export async function cancelAnnouncement(actor: AuditActor, id: string) {
  return prisma.$transaction(async (tx) => {
    const announcement = await tx.announcement.findUnique({ where: { id } });
    if (!announcement) return null;
    const { count } = await tx.announcement.updateMany({
      where: { id, status: "scheduled" },
      data: { status: "cancelled", updatedAt: new Date() },
    });
    if (count === 0) return false;
    await recordAudit(
      actor,
      {
        action: "announcement.cancel",
        subject: { kind: "announcement", id },
        summary: `Cancelled the sending of “${announcement.subject}”`,
        before: { status: "scheduled", sendAt: announcement.sendAt },
        after: { status: "cancelled" },
      },
      tx,
    );
    return true;
  });
}

/**
 * Queues an announcement that is being sent, a chunk at a time, then marks it
 * sent with its count. Safe to run again (a worker that died half-way) and
 * alongside another run: the recipient's primary key lets one message through
 * per person. Returns how many messages this run queued.
 */
export async function queueAnnouncement(id: string, chunk = QUEUE_CHUNK) {
  const announcement = await prisma.announcement.findUnique({ where: { id } });
  if (!announcement || announcement.status !== "sending") return 0;
  const filters = filtersOf(announcement);
  let after = "";
  let queued = 0;
  for (;;) {
    const scanned = await prisma.$transaction(async (tx) => {
      const people = await tx.$queryRaw<{ email_normalised: string; email: string }[]>(
        recipientsSql(filters, { after, limit: chunk }),
      );
      if (people.length === 0) return 0;
      const claimed = await tx.$queryRaw<{ email_normalised: string }[]>`
        INSERT INTO announcement_recipient (announcement_id, email_normalised)
        SELECT ${id}::uuid, e FROM unnest(${people.map((p) => p.email_normalised)}::text[]) AS e
        ON CONFLICT DO NOTHING RETURNING email_normalised`;
      const mine = new Set(claimed.map((c) => c.email_normalised));
      const fresh = people.filter((p) => mine.has(p.email_normalised));
      const issuedAt = new Date();
      const ids = await queueAnnouncementEmails(
        tx,
        "announcement",
        id,
        fresh.map((p) => ({ to: p.email, props: announcementProps(announcement, p.email, { issuedAt }) })),
      );
      if (ids.length)
        await tx.$executeRaw`
          UPDATE announcement_recipient r SET message_id = u.id
          FROM unnest(${fresh.map((p) => p.email_normalised)}::text[], ${ids.map(String)}::bigint[]) AS u(e, id)
          WHERE r.announcement_id = ${id}::uuid AND r.email_normalised = u.e`;
      queued += ids.length;
      after = people.at(-1)!.email_normalised;
      return people.length;
    });
    if (scanned < chunk) break;
  }
  const recipientCount = await prisma.announcementRecipient.count({ where: { announcementId: id } });
  await prisma.announcement.updateMany({
    where: { id, status: "sending" },
    data: { status: "sent", queuedAt: new Date(), recipientCount, updatedAt: new Date() },
  });
  return queued;
}

/**
 * The worker's task: every scheduled announcement whose time has come starts
 * sending (one statement, so a cancel and the start cannot both win), and
 * every one sending, just started or left half-done, is queued to the end.
 */
export async function sendDueAnnouncements(now = new Date()) {
  await prisma.announcement.updateMany({
    where: { status: "scheduled", sendAt: { lte: now } },
    data: { status: "sending", updatedAt: now },
  });
  const sending = await prisma.announcement.findMany({
    where: { status: "sending" },
    select: { id: true },
    orderBy: { sendAt: "asc" },
  });
  let queued = 0;
  for (const { id } of sending) queued += await queueAnnouncement(id);
  return queued;
}

export type AnnouncementFigures = {
  recipients: number;
  sent: number;
  delivered: number;
  bounced: number;
  unsubscribed: number;
};

const figuresSql = Prisma.sql`
  SELECT a.id, a.subject, a.status, a.send_at, a.created_at,
    (SELECT count(*)::int FROM announcement_recipient r WHERE r.announcement_id = a.id) AS recipients,
    coalesce(m.sent, 0) AS sent, coalesce(m.delivered, 0) AS delivered, coalesce(m.bounced, 0) AS bounced,
    (SELECT count(*)::int FROM announcement_recipient r
       JOIN email_preference e ON e.email_normalised = r.email_normalised AND e.category = 'news'
       WHERE r.announcement_id = a.id AND e.unsubscribed_at >= a.send_at) AS unsubscribed
  FROM announcement a
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
      -- a complaint comes from someone it reached
      count(*) FILTER (WHERE delivery IN ('delivered', 'complained'))::int AS delivered,
      count(*) FILTER (WHERE delivery = 'bounced')::int AS bounced
    FROM email_message WHERE announcement_id = a.id) m ON true`;

type FiguresRow = AnnouncementFigures & {
  id: string;
  subject: string;
  status: AnnouncementStatus;
  send_at: Date | null;
  created_at: Date;
};

function rowOut(row: FiguresRow) {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    sendAt: row.send_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    figures: {
      recipients: row.recipients,
      sent: row.sent,
      delivered: row.delivered,
      bounced: row.bounced,
      unsubscribed: row.unsubscribed,
    } satisfies AnnouncementFigures,
  };
}

/** Every announcement, newest first, with its figures: recipients, sent, delivered, bounced, and unsubscribed from news since it went. */
export async function listAnnouncements() {
  const rows = await prisma.$queryRaw<FiguresRow[]>`${figuresSql} ORDER BY a.created_at DESC LIMIT 500`;
  return rows.map(rowOut);
}

export async function getAnnouncementFigures(id: string) {
  const [row] = await prisma.$queryRaw<FiguresRow[]>`${figuresSql} WHERE a.id = ${id}::uuid`;
  return row ? rowOut(row).figures : null;
}

/** Words for the filters, as the admin pages show them: "Ordsall; Delivery; Winter Warmth". */
export function describeFilters(
  filters: AnnouncementFilters,
  names: { wards: Map<string, string>; campaigns: Map<string, string> },
) {
  if (!hasFilters(filters)) return "Everyone who agreed to news: pledgers and organisation members";
  return [
    filters.wardCode ? `pledgers in ${names.wards.get(filters.wardCode) ?? filters.wardCode}` : null,
    filters.quality ? `pledges for ${QUALITY_BY_KEY.get(filters.quality as never)?.name ?? filters.quality}` : null,
    filters.campaignId ? `the campaign ${names.campaigns.get(filters.campaignId) ?? "(removed)"}` : null,
  ]
    .filter(Boolean)
    .join("; ");
}

/** Whether this account has agreed to the Alliance's news (organisation members; pledgers agree on their pledge). */
export async function getNewsConsent(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { newsConsent: true } });
  return user?.newsConsent ?? false;
}

/**
 * Sets the account's news consent. Agreeing again also lifts an earlier
 * unsubscribe from news: the person has just asked for it.
 */
export async function setNewsConsent(user: { id: string; email: string }, newsConsent: boolean) {
  await prisma.user.update({ where: { id: user.id }, data: { newsConsent } });
  if (newsConsent) await resubscribe(normaliseEmail(user.email), "news");
}

/** What the filters may be: every ward, and every campaign (a past one's pledgers still hear news). */
export async function loadAnnouncementChoices() {
  const [wards, campaigns] = await Promise.all([
    listWards(),
    prisma.campaign.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { wards: wards.map((w) => ({ code: w.code, name: w.name })), campaigns };
}
