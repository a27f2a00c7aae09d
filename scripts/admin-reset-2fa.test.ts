/**
 * `npm run admin:reset-2fa -- email`: an admin who lost their phone signs in
 * again by email link and sets up a new app; the command says what it did,
 * and refuses an address nobody has.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { signedIn } from "../tests/accounts";

const run = promisify(execFile);

function resetTwoFactor(email: string) {
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production" as const,
    DATABASE_URL: process.env.DATABASE_URL!,
    SESSION_SECRET: "a-test-secret-that-is-long-enough-0123456789",
  };
  return run(process.execPath, ["--import", "tsx", "scripts/admin-reset-2fa.ts", email], { env }).then(
    ({ stdout }) => ({ code: 0, output: stdout.trim() }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: `${error.stdout}${error.stderr}`.trim(),
    }),
  );
}

test("resets an admin's authenticator app, ends their sessions and records who did it", async () => {
  const email = `lost-phone-${randomUUID().slice(0, 8)}@example.org`;
  const { user } = await signedIn(email, "admin");
  await prisma.user.update({
    where: { id: user.id },
    data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() },
  });
  await prisma.recoveryCode.create({ data: { userId: user.id, codeHash: "x" } });

  expect(await resetTwoFactor(email)).toEqual({
    code: 0,
    output: `${email}: authenticator app and recovery codes removed; 1 session(s) ended. At their next sign-in they set up a new app.`,
  });
  expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
    totpSecret: null,
    totpEnabledAt: null,
  });
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  expect(
    await prisma.auditEntry.findFirst({ where: { action: "two-factor.reset", subjectId: user.id } }),
  ).toMatchObject({ actorId: null, actorEmail: "npm run admin:reset-2fa", actorRole: "command line" });

  expect(await resetTwoFactor("nobody-here@example.org")).toEqual({
    code: 1,
    output: "No account has the address nobody-here@example.org.",
  });
  expect((await resetTwoFactor("not-an-address")).code).toBe(1);
});
