import { generateTOTP, getTOTPAuthUri, verifyTOTP } from "@epic-web/totp";
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { normaliseEmail } from "~/utils/email-address";
import { hashToken } from "~/utils/token.server";
import { recordAudit, type AuditActor } from "./audit.server";

/*
 * The second factor: a TOTP authenticator app (RFC 6238: SHA-1, 6 digits, 30
 * seconds, what every authenticator app reads from a QR code), with ten
 * one-time recovery codes. Admins and moderators must pass it after the
 * magic link before their session acts in their role (app/guards/session.server.ts).
 *
 * A code works once. The step (the 30-second slot) of every code accepted is
 * written in the audit log (action two-factor.*, after.step), under a lock on
 * the user's row; a code is accepted only if its step is later than the
 * latest one recorded, so a code seen over a shoulder, or an older one, is
 * refused. The log was the place for it without a new column, and staff
 * sign-ins belong on the record anyway.
 */

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const TOTP_ALGORITHM = "SHA-1";
/** one step either side: a phone's clock a little out, or a code typed as it changed */
const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Salford Social Value City";

/** The roles that must pass the second factor before acting in them. */
export const SECOND_FACTOR_ROLES = ["admin", "moderator"] as const;
export type SecondFactorRole = (typeof SECOND_FACTOR_ROLES)[number];

export function needsSecondFactor(role: string): role is SecondFactorRole {
  return (SECOND_FACTOR_ROLES as readonly string[]).includes(role);
}

type Db = Prisma.TransactionClient;
type Person = { id: string; email: string; role: string };

const currentStep = () => Math.floor(Date.now() / 1000 / TOTP_PERIOD);

/** What someone types: spaces and dashes are for reading, not part of the code. */
function compact(code: string) {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

export function looksLikeTotpCode(code: string) {
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(compact(code));
}

/** The step this code belongs to, if it is this secret's code for now or a step either side; else null. */
async function totpStep(secret: string, code: string) {
  const otp = compact(code);
  if (!looksLikeTotpCode(otp)) return null;
  const before = currentStep();
  const result = await verifyTOTP({
    otp,
    secret,
    period: TOTP_PERIOD,
    digits: TOTP_DIGITS,
    algorithm: TOTP_ALGORITHM,
    window: TOTP_WINDOW,
  });
  if (!result) return null;
  // The library reads the clock itself: if a step ended meanwhile, count the later one (refusing a
  // code a moment early is harmless; letting one be used twice is not).
  return Math.max(before, currentStep()) + result.delta;
}

/** Locks the user's row for this transaction: one code check at a time per person. */
async function lockUser(tx: Db, userId: string) {
  const rows = await tx.$queryRaw<{ totp_secret: string | null; totp_enabled_at: Date | null }[]>`
    SELECT totp_secret, totp_enabled_at FROM app_user WHERE id = ${userId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

const STEP_ACTIONS = ["two-factor.sign-in", "two-factor.set-up", "two-factor.recovery-codes", "two-factor.restart"];

/** The latest step accepted for this person (0 if none). */
async function lastAcceptedStep(tx: Db, userId: string) {
  const rows = await tx.$queryRaw<{ step: bigint | null }[]>`
    SELECT max((after->>'step')::bigint) AS step FROM audit_entry
    WHERE actor_id = ${userId}::uuid AND action = ANY(${STEP_ACTIONS}::text[])`;
  return Number(rows[0]?.step ?? 0);
}

type CodeCheck = { status: "accepted"; step: number } | { status: "wrong" } | { status: "used" };

async function checkTotp(tx: Db, userId: string, secret: string, code: string): Promise<CodeCheck> {
  const step = await totpStep(secret, code);
  if (step === null) return { status: "wrong" };
  if (step <= (await lastAcceptedStep(tx, userId))) return { status: "used" };
  return { status: "accepted", step };
}

function newRecoveryCodes() {
  // 10 characters from a 32-letter alphabet without look-alikes (50 bits each), shown as xxxxx-xxxxx.
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are random, so a plain sha256 is enough to store them. */
const hashRecoveryCode = (code: string) => hashToken(`recovery:${compact(code)}`);

async function replaceRecoveryCodes(tx: Db, userId: string) {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

async function markSession(tx: Db, sessionIdHash: string, userId: string) {
  await tx.session.updateMany({ where: { idHash: sessionIdHash, userId }, data: { secondFactorAt: new Date() } });
}

/** Whether this person has an authenticator set up, and how many recovery codes are left. */
export async function getSecondFactor(userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { totpEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
  return { enabledAt: user?.totpEnabledAt ?? null, recoveryCodesLeft: user?._count.recoveryCodes ?? 0 };
}

/**
 * The secret to set up, with its otpauth:// address for the QR code: made on
 * the first visit and kept (not yet in use) until a first code confirms it, so
 * reloading the page shows the same one. Null once set up.
 */
export async function getSetupSecret(user: { id: string; email: string }) {
  const row = await prisma.user.findUnique({
    where: { id: user.id },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!row || row.totpEnabledAt) return null;
  let secret = row.totpSecret;
  if (!secret) {
    secret = (await generateTOTP()).secret;
    // Two tabs opened at once keep the first secret made.
    await prisma.user.updateMany({ where: { id: user.id, totpSecret: null }, data: { totpSecret: secret } });
    secret = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret!;
  }
  const uri = getTOTPAuthUri({
    secret,
    issuer: ISSUER,
    accountName: user.email,
    period: TOTP_PERIOD,
    digits: TOTP_DIGITS,
    algorithm: TOTP_ALGORITHM,
  });
  return { secret, uri };
}

/**
 * Confirms the authenticator with a first code: it is in use from now, this
 * session has passed the second factor, and ten new recovery codes are made
 * (returned once; only their hashes are kept).
 */
export async function confirmSetup(user: Person, sessionIdHash: string, code: string) {
  return prisma.$transaction(async (tx) => {
    const row = await lockUser(tx, user.id);
    if (!row?.totp_secret || row.totp_enabled_at) return { status: "not-setting-up" as const };
    // No code of a new secret has been accepted before, so none can be a reuse; the step is
    // recorded all the same (the later of it and any before), so this code cannot sign in next.
    const step = await totpStep(row.totp_secret, code);
    if (step === null) return { status: "wrong" as const };
    await tx.user.update({ where: { id: user.id }, data: { totpEnabledAt: new Date() } });
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await markSession(tx, sessionIdHash, user.id);
    await recordAudit(
      user,
      {
        action: "two-factor.set-up",
        subject: { kind: "user", id: user.id },
        summary: `${user.email} set up an authenticator app for signing in`,
        after: { step: Math.max(step, await lastAcceptedStep(tx, user.id)) },
      },
      tx,
    );
    return { status: "set-up" as const, recoveryCodes };
  });
}

/**
 * The second step of signing in: a code from the authenticator app, or one of
 * the recovery codes (each works once). Marks this session as having passed.
 */
export async function passSecondFactor(user: Person, sessionIdHash: string, code: string) {
  return prisma.$transaction(async (tx) => {
    const row = await lockUser(tx, user.id);
    if (!row?.totp_secret || !row.totp_enabled_at) return { status: "not-set-up" as const };
    if (!looksLikeTotpCode(code)) {
      const { count } = await tx.recoveryCode.updateMany({
        where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
        data: { usedAt: new Date() },
      });
      if (count === 0) return { status: "wrong" as const };
      await markSession(tx, sessionIdHash, user.id);
      const left = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
      await recordAudit(
        user,
        {
          action: "two-factor.recovery-code-used",
          subject: { kind: "user", id: user.id },
          summary: `${user.email} signed in with a recovery code (${left} left)`,
          after: { recoveryCodesLeft: left },
        },
        tx,
      );
      return { status: "passed" as const, recoveryCodesLeft: left };
    }
    const check = await checkTotp(tx, user.id, row.totp_secret, code);
    if (check.status !== "accepted") return check;
    await markSession(tx, sessionIdHash, user.id);
    await recordAudit(
      user,
      {
        action: "two-factor.sign-in",
        subject: { kind: "user", id: user.id },
        summary: `${user.email} signed in with the authenticator app`,
        after: { step: check.step },
      },
      tx,
    );
    return { status: "passed" as const, recoveryCodesLeft: null };
  });
}

/** New recovery codes for a current code from the app; the old ones stop working. */
export async function regenerateRecoveryCodes(user: Person, code: string) {
  return prisma.$transaction(async (tx) => {
    const row = await lockUser(tx, user.id);
    if (!row?.totp_secret || !row.totp_enabled_at) return { status: "not-set-up" as const };
    const check = await checkTotp(tx, user.id, row.totp_secret, code);
    if (check.status !== "accepted") return check;
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await recordAudit(
      user,
      {
        action: "two-factor.recovery-codes",
        subject: { kind: "user", id: user.id },
        summary: `${user.email} made new recovery codes`,
        after: { step: check.step },
      },
      tx,
    );
    return { status: "made" as const, recoveryCodes };
  });
}

/**
 * Moving to a new phone: with a current code from the old one, a new secret
 * replaces it, to be confirmed on the setup page. This session has passed the
 * second factor and keeps working meanwhile; the recovery codes are replaced
 * when the new app is confirmed.
 */
export async function restartSetup(user: Person, code: string, thisSessionIdHash: string) {
  return prisma.$transaction(async (tx) => {
    const row = await lockUser(tx, user.id);
    if (!row?.totp_secret || !row.totp_enabled_at) return { status: "not-set-up" as const };
    const check = await checkTotp(tx, user.id, row.totp_secret, code);
    if (check.status !== "accepted") return check;
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecret: (await generateTOTP()).secret, totpEnabledAt: null },
    });
    // Until the new app is confirmed there is no second step: every other session (one only an email link opened,
    // perhaps someone else's) ends, so only this one can finish setting up the new app.
    await tx.session.deleteMany({ where: { userId: user.id, idHash: { not: thisSessionIdHash } } });
    await recordAudit(
      user,
      {
        action: "two-factor.restart",
        subject: { kind: "user", id: user.id },
        summary: `${user.email} started setting up a new authenticator app`,
        after: { step: check.step },
      },
      tx,
    );
    return { status: "restarted" as const };
  });
}

/**
 * For a lost phone: the authenticator and recovery codes are removed and every
 * session of that person ends; their next sign-in by email link sets up a new
 * app. `actor` is the admin who did it, or null for `npm run admin:reset-2fa`.
 */
export async function resetSecondFactor(actor: AuditActor | null, email: string) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { emailNormalised: normaliseEmail(email) } });
    if (!user) return { status: "no-user" as const };
    await lockUser(tx, user.id);
    const wasSetUp = Boolean(user.totpEnabledAt);
    await tx.user.update({ where: { id: user.id }, data: { totpSecret: null, totpEnabledAt: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const { count: sessionsEnded } = await tx.session.deleteMany({ where: { userId: user.id } });
    const record = {
      action: "two-factor.reset",
      subject: { kind: "user", id: user.id },
      summary: `The authenticator app of ${user.email} was reset; ${sessionsEnded} session(s) ended`,
      before: { setUp: wasSetUp },
    };
    if (actor) await recordAudit(actor, record, tx);
    // The command line has no account: the entry names the command instead of a person.
    else
      await tx.auditEntry.create({
        data: {
          actorId: null,
          actorEmail: "npm run admin:reset-2fa",
          actorRole: "command line",
          action: record.action,
          subjectKind: record.subject.kind,
          subjectId: record.subject.id,
          summary: record.summary,
          before: record.before,
        },
      });
    return { status: "reset" as const, wasSetUp, sessionsEnded };
  });
}
