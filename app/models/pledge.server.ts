import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Prisma } from "~/generated/prisma/client";
import { QUALITY_BY_KEY, type QualityKey } from "~/reference/qualities";
import { getPool, prisma } from "~/utils/db.server";
import type { ConfirmPledgeProps } from "../../emails/confirm-pledge";
import { queueEmail } from "~/utils/email.server";
import { appUrl } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { normaliseEmail } from "~/utils/email-address";
import { createToken, hashToken } from "~/utils/token.server";
import { commitmentText, displayName, type PledgeSubmission } from "./pledge";
import { recordKeptChange, recordTallyChange } from "./tally.server";

export const CONFIRM_TOKEN_DAYS = 7;
export const PLEDGES_PER_PAGE = 20;

/** What makes two commitments the same one: case and spacing do not. */
export function commitmentKey(commitment: string) {
  return commitment.toLowerCase().replace(/\s+/g, " ").trim();
}

export function qualityNames(qualities: string[]) {
  return qualities.map((q) => QUALITY_BY_KEY.get(q as QualityKey)?.name ?? q);
}

/**
 * Stores new, unconfirmed pledges and their confirmation emails: one
 * statement per batch, atomic, durable before any caller hears back. This is
 * the sign-up hot path, so it is hand-written SQL (docs/decisions/004).
 *
 * The same normalised email with the same commitment is one pledge: while it
 * is unconfirmed, signing again refreshes it and sends a new link; once it is
 * confirmed, signing again changes nothing and sends nothing.
 */
export const CREATE_PLEDGES_SQL = `WITH input AS (
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::boolean[], $12::boolean[], $13::text[], $14::timestamptz[],
       $15::text[], $16::date[])
     AS t(id, name, name_display, email, email_normalised, postcode, ward_code, qualities, commitment,
       commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at, email_props, target_date)
   ), upsert AS (
     INSERT INTO pledge (id, name, name_display, email, email_normalised, postcode, ward_code, qualities,
       commitment, commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at, target_date)
     SELECT id, name, name_display, email, email_normalised, postcode, ward_code, qualities::text[], commitment,
       commitment_key, nudge_consent, news_consent, confirm_token_hash, confirm_token_expires_at, target_date
     FROM input
     ON CONFLICT (email_normalised, commitment_key) DO UPDATE SET
       name = EXCLUDED.name, name_display = EXCLUDED.name_display, email = EXCLUDED.email,
       postcode = EXCLUDED.postcode, ward_code = EXCLUDED.ward_code, qualities = EXCLUDED.qualities,
       commitment = EXCLUDED.commitment, nudge_consent = EXCLUDED.nudge_consent,
       news_consent = EXCLUDED.news_consent, confirm_token_hash = EXCLUDED.confirm_token_hash,
       confirm_token_expires_at = EXCLUDED.confirm_token_expires_at, target_date = EXCLUDED.target_date,
       updated_at = now()
     WHERE pledge.confirmed_at IS NULL
     RETURNING id, email_normalised, commitment_key
   ), emails AS (
     INSERT INTO email_message (template, to_address, props, pledge_id)
     SELECT 'confirm-pledge', i.email, i.email_props::jsonb, u.id
     FROM upsert u JOIN input i USING (email_normalised, commitment_key)
   )
   SELECT email_normalised || ' ' || commitment_key AS key FROM upsert`;

type PledgeRow = ReturnType<typeof createPledgeParams>;

/** The row CREATE_PLEDGES_SQL stores for a validated submission. */
export function createPledgeParams(submission: PledgeSubmission, wardCode: string, postcode: string) {
  const commitment = commitmentText(submission);
  const { hash, expiresAt, email } = newConfirmation({ ...submission, commitment });
  return {
    id: randomUUID(),
    name: submission.name,
    nameDisplay: submission.nameDisplay,
    email: submission.email,
    emailNormalised: normaliseEmail(submission.email),
    postcode,
    wardCode,
    // A Postgres array literal: keys are known words, nothing to escape.
    qualities: `{${submission.qualities.join(",")}}`,
    commitment,
    commitmentKey: commitmentKey(commitment),
    nudgeConsent: true,
    newsConsent: submission.newsConsent === "on",
    tokenHash: hash,
    expiresAt,
    emailProps: JSON.stringify(email),
    targetDate: submission.targetDate?.toISOString().slice(0, 10) ?? null,
  };
}

/** The statement's parameters for a batch: one array per column. */
export function createPledgesValues(rows: PledgeRow[]) {
  const column = <K extends keyof PledgeRow>(key: K) => rows.map((r) => r[key]);
  return [
    column("id"), column("name"), column("nameDisplay"), column("email"), column("emailNormalised"),
    column("postcode"), column("wardCode"), column("qualities"), column("commitment"), column("commitmentKey"),
    column("nudgeConsent"), column("newsConsent"), column("tokenHash"), column("expiresAt"), column("emailProps"),
    column("targetDate"),
  ];
}

/**
 * Sign-ups that arrive while a write is under way wait for the next one and go
 * together: under load, one statement (and one commit) carries many pledges;
 * alone, a pledge goes at once. Each caller hears back only when its row is
 * committed.
 */
const MAX_BATCH = 200;
// One write at a time per process made the largest batches and the most
// sign-ups a second (bench: 1 > 2 > 3 > 6 in flight); more web processes
// still write in parallel.
const MAX_WRITES_IN_FLIGHT = 1;
type Waiting = { row: PledgeRow; resolve: (queued: boolean) => void; reject: (error: unknown) => void };
let waiting: Waiting[] = [];
let writesInFlight = 0;

/**
 * Whether a failed statement may have failed because of one row's data, so
 * splitting the batch can save the other rows. Connection and resource
 * failures (SQLSTATE classes 08, 53, 57, 58, and Node's own ECONN… codes) are
 * not: splitting would only multiply the failing statements during an outage.
 */
function mayBeOneRow(error: unknown) {
  // Only PostgreSQL's own answers: Node's EPIPE has five capitals too, and is no row's fault.
  return error instanceof pg.DatabaseError && typeof error.code === "string" && !["08", "53", "57", "58"].includes(error.code.slice(0, 2));
}

/**
 * Writes one batch; when it fails for a reason that may be one row's (a NUL
 * in a name is PostgreSQL 22021), writes each half again, down to single
 * pledges, so only the bad row's caller hears the error and every other
 * pledge is stored. Entries for the same pledge stay together.
 */
async function writeGroups(groups: Waiting[][]): Promise<void> {
  // Two submissions of one pledge in one batch: the later wins, as it would one after the other.
  const rows = groups.map((group) => group.at(-1)!.row);
  try {
    const result = await getPool().query<{ key: string }>({
      name: "create-pledges",
      text: CREATE_PLEDGES_SQL,
      values: createPledgesValues(rows),
    });
    const queued = new Set(result.rows.map((r) => r.key));
    for (const group of groups)
      for (const { row, resolve } of group) resolve(queued.has(`${row.emailNormalised} ${row.commitmentKey}`));
  } catch (error) {
    if (groups.length === 1 || !mayBeOneRow(error)) {
      for (const group of groups) for (const { reject } of group) reject(error);
      return;
    }
    const half = Math.ceil(groups.length / 2);
    await writeGroups(groups.slice(0, half));
    await writeGroups(groups.slice(half));
  }
}

async function writeBatch(batch: Waiting[]) {
  writesInFlight += 1;
  try {
    const groups = new Map<string, Waiting[]>();
    for (const entry of batch) {
      const key = `${entry.row.emailNormalised} ${entry.row.commitmentKey}`;
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
    await writeGroups([...groups.values()]);
  } catch (error) {
    // writeGroups settles every caller itself; this is only a guard against a bug in it.
    for (const { reject } of batch) reject(error);
  } finally {
    writesInFlight -= 1;
    writeWaiting();
  }
}

function writeWaiting() {
  while (waiting.length && writesInFlight < MAX_WRITES_IN_FLIGHT) {
    // Not awaited on purpose: writeBatch settles every caller's promise itself and never rejects.
    void writeBatch(waiting.slice(0, MAX_BATCH));
    waiting = waiting.slice(MAX_BATCH);
  }
}

export function createPledge(submission: PledgeSubmission, wardCode: string, postcode: string) {
  return new Promise<{ queued: boolean }>((resolve, reject) => {
    waiting.push({ row: createPledgeParams(submission, wardCode, postcode), resolve: (queued) => resolve({ queued }), reject });
    writeWaiting();
  });
}

function firstName(name: string) {
  return name.trim().split(/\s+/)[0]!;
}

/** A fresh confirmation link for a pledge, and the email that carries it. */
function newConfirmation(pledge: { name: string; commitment: string; qualities: string[] }) {
  const { token, hash } = createToken();
  const expiresAt = new Date(Date.now() + CONFIRM_TOKEN_DAYS * 24 * 3600 * 1000);
  const email: ConfirmPledgeProps = {
    name: firstName(pledge.name),
    commitment: pledge.commitment,
    qualityNames: qualityNames(pledge.qualities),
    confirmUrl: appUrl(`/confirm/${token}`),
    expiresAt: expiresAt.toISOString(),
  };
  return { hash, expiresAt, email };
}

export type ConfirmationState =
  | { status: "pending"; pledge: PublicPledge }
  // No email address: anyone holding an old link (a forwarded email, a shared screen) would see it.
  | { status: "expired" }
  | { status: "invalid" };

/** What the emailed link shows, without changing anything (GET is safe). */
export async function getPledgeByConfirmToken(token: string): Promise<ConfirmationState> {
  const pledge = await prisma.pledge.findUnique({
    where: { confirmTokenHash: hashToken(token) },
    include: { ward: { select: { name: true, slug: true } } },
  });
  if (!pledge || pledge.confirmedAt) return { status: "invalid" };
  if (pledge.confirmTokenExpiresAt && pledge.confirmTokenExpiresAt < new Date())
    return { status: "expired" };
  return { status: "pending", pledge: toPublicPledge(pledge) };
}

/**
 * Confirms the pledge the token belongs to: counts it in the tally and queues
 * the welcome email, all in one transaction. The token is spent.
 */
export async function confirmPledge(token: string) {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const pledge = await tx.pledge.findUnique({
      where: { confirmTokenHash: hashToken(token) },
      include: { ward: { select: { name: true } } },
    });
    if (!pledge || pledge.confirmedAt) return { status: "invalid" as const };
    if (pledge.confirmTokenExpiresAt && pledge.confirmTokenExpiresAt < now) return { status: "expired" as const };
    // The condition makes two simultaneous presses confirm once.
    const { count } = await tx.pledge.updateMany({
      where: { id: pledge.id, confirmedAt: null },
      data: { confirmedAt: now, confirmTokenHash: null, confirmTokenExpiresAt: null, updatedAt: now },
    });
    if (count === 0) return { status: "invalid" as const };
    await recordTallyChange(tx, pledge, 1);
    await queueEmail(tx, {
      template: "pledge-confirmed",
      to: pledge.email,
      pledgeId: pledge.id,
      props: {
        name: firstName(pledge.name),
        commitment: pledge.commitment,
        wardName: pledge.ward.name,
        pledgeUrl: appUrl(`/pledges/${pledge.id}`),
      },
    });
    return { status: "confirmed" as const, pledgeId: pledge.id };
  });
}

/**
 * Sends a fresh confirmation link for every unconfirmed pledge made with this
 * email, inside the caller's transaction. Says nothing about whether there were any.
 */
async function resendConfirmationIn(tx: Prisma.TransactionClient, email: string) {
  const pending = await tx.pledge.findMany({
    where: { emailNormalised: normaliseEmail(email), confirmedAt: null },
    take: 10,
  });
  for (const pledge of pending) {
    const { hash, expiresAt, email } = newConfirmation(pledge);
    await tx.pledge.update({
      where: { id: pledge.id },
      data: { confirmTokenHash: hash, confirmTokenExpiresAt: expiresAt, updatedAt: new Date() },
    });
    await queueEmail(tx, { template: "confirm-pledge", to: pledge.email, pledgeId: pledge.id, props: email });
  }
  return pending.length;
}

/**
 * Queues "send the confirmation email again" for the worker. One insert,
 * whatever the address: answering inline took 30-53 ms for an address with
 * pending pledges and 5-12 ms for one without, which told anyone timing the
 * page who had pledged.
 */
export async function requestConfirmationResend(email: string) {
  await prisma.confirmationResendRequest.create({ data: { email: email.trim() } });
}

/**
 * The worker's half: answers queued resend requests, oldest first. Each is
 * answered and deleted in one transaction, locked with SKIP LOCKED, so any
 * number of workers can share the queue, a worker that dies mid-way loses
 * nothing (the request stays), and none is answered twice. One that keeps
 * failing is logged and left for the next round without holding up the rest.
 */
export async function processConfirmationResends(limit = 100) {
  const queued = await prisma.confirmationResendRequest.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: limit });
  let requests = 0;
  let emails = 0;
  for (const { id } of queued) {
    try {
      const sent = await prisma.$transaction(async (tx) => {
        const [request] = await tx.$queryRaw<{ email: string }[]>`
          SELECT email FROM confirmation_resend_request WHERE id = ${id} FOR UPDATE SKIP LOCKED`;
        if (!request) return null;
        const count = await resendConfirmationIn(tx, request.email);
        await tx.confirmationResendRequest.delete({ where: { id } });
        return count;
      });
      if (sent === null) continue;
      requests += 1;
      emails += sent;
    } catch (error) {
      logger.error({ err: (error as Error).message, request: id }, "confirmation resend failed");
    }
  }
  return { requests, emails };
}

/** Deletes pledges never confirmed within the 7 days their link was valid. */
export async function purgeUnconfirmedPledges(now = new Date()) {
  const cutoff = new Date(now.getTime() - CONFIRM_TOKEN_DAYS * 24 * 3600 * 1000);
  const { count } = await prisma.pledge.deleteMany({ where: { confirmedAt: null, createdAt: { lt: cutoff } } });
  return count;
}

export type PublicPledge = {
  id: string;
  displayName: string;
  commitment: string;
  qualities: string[];
  wardName: string;
  wardSlug: string;
  isExample: boolean;
  confirmedAt: string | null;
};

type PledgeWithWard = Prisma.PledgeGetPayload<{ include: { ward: { select: { name: true; slug: true } } } }>;

/** Only what the pledger agreed to show: never the email or postcode. */
function toPublicPledge(pledge: PledgeWithWard): PublicPledge {
  return {
    id: pledge.id,
    displayName: displayName(pledge.name, pledge.nameDisplay),
    commitment: pledge.commitment,
    qualities: pledge.qualities,
    wardName: pledge.ward.name,
    wardSlug: pledge.ward.slug,
    isExample: pledge.isExample,
    confirmedAt: pledge.confirmedAt?.toISOString() ?? null,
  };
}

export async function getPublicPledge(id: string) {
  const pledge = await prisma.pledge.findFirst({
    where: { id, confirmedAt: { not: null }, withdrawnAt: null },
    include: { ward: { select: { name: true, slug: true } } },
  });
  return pledge ? toPublicPledge(pledge) : null;
}

/** Newest confirmed pledges, a page at a time, optionally by quality and ward. */
export async function listConfirmedPledges(filter: { quality?: QualityKey; wardCode?: string; page: number }) {
  const where: Prisma.PledgeWhereInput = {
    confirmedAt: { not: null },
    withdrawnAt: null,
    ...(filter.quality ? { qualities: { has: filter.quality } } : {}),
    ...(filter.wardCode ? { wardCode: filter.wardCode } : {}),
  };
  const [pledges, total] = await Promise.all([
    prisma.pledge.findMany({
      where,
      include: { ward: { select: { name: true, slug: true } } },
      orderBy: [{ confirmedAt: "desc" }, { id: "asc" }],
      skip: (filter.page - 1) * PLEDGES_PER_PAGE,
      take: PLEDGES_PER_PAGE,
    }),
    prisma.pledge.count({ where }),
  ]);
  return { pledges: pledges.map(toPublicPledge), total, pages: Math.max(1, Math.ceil(total / PLEDGES_PER_PAGE)) };
}

/** A signed-in pledger's own pledges (matched by their normalised email), newest first. */
export async function listOwnPledges(email: string) {
  return prisma.pledge.findMany({
    where: { emailNormalised: normaliseEmail(email), confirmedAt: { not: null } },
    include: { ward: { select: { name: true, slug: true } } },
    orderBy: { confirmedAt: "desc" },
  });
}

/** Finds a pledge only if it belongs to this address: anyone else gets nothing. */
async function ownPledge(tx: Prisma.TransactionClient, id: string, email: string) {
  return tx.pledge.findFirst({
    where: { id, emailNormalised: normaliseEmail(email), confirmedAt: { not: null }, withdrawnAt: null },
  });
}

/** Withdraws a pledge: it leaves the wall and the tally drops by one. */
export async function withdrawPledge(id: string, email: string) {
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return false;
    const { count } = await tx.pledge.updateMany({ where: { id, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
    if (count === 1) {
      await recordTallyChange(tx, pledge, -1);
      if (pledge.doneAt) await recordKeptChange(tx, pledge, -1);
    }
    return count === 1;
  });
}

export async function markPledgeDone(id: string, email: string) {
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return false;
    await markDone(tx, pledge);
    return true;
  });
}

/** Done: counts as kept (once) and stops its nudges. */
export async function markDone(tx: Prisma.TransactionClient, pledge: { id: string; qualities: string[] }) {
  const { count } = await tx.pledge.updateMany({
    where: { id: pledge.id, doneAt: null, withdrawnAt: null },
    data: { doneAt: new Date(), updatedAt: new Date() },
  });
  if (count === 1) await recordKeptChange(tx, pledge, 1);
}

/** Rewords a pledge. Returns "duplicate" when the same person already has that commitment. */
export async function updateCommitment(id: string, email: string, commitment: string) {
  const text = commitment.replace(/\s+/g, " ").trim();
  return prisma.$transaction(async (tx) => {
    const pledge = await ownPledge(tx, id, email);
    if (!pledge) return "not-found" as const;
    const key = commitmentKey(text);
    const clash = await tx.pledge.findFirst({
      where: { emailNormalised: pledge.emailNormalised, commitmentKey: key, id: { not: id } },
    });
    if (clash) return "duplicate" as const;
    await tx.pledge.update({ where: { id }, data: { commitment: text, commitmentKey: key, updatedAt: new Date() } });
    return "updated" as const;
  });
}
