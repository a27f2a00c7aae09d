import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { request, signedIn } from "../../tests/accounts";
import { settle } from "../../tests/helpers";
import { action as resetAction } from "./admin.people.two-factor";
import { loader as peopleLoader } from "./admin.people";

/* An admin resets the authenticator app of a moderator who lost their phone, from /admin/people. */

const post = (cookie: string, form: Record<string, string>) =>
  settle(() =>
    resetAction({
      request: request("/admin/people/two-factor", cookie, form),
      params: {},
      context: { clientIp: "203.0.113.7" },
    }),
  );

test("the app and codes go, the person's sessions end, and it is on the record; only admins may, for a real address", async () => {
  const admin = await signedIn("reset-admin@example.org", "admin");
  const lost = await signedIn("lost-phone@example.org", "moderator");
  await prisma.user.update({
    where: { id: lost.user.id },
    data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() },
  });
  await prisma.recoveryCode.create({ data: { userId: lost.user.id, codeHash: "x".repeat(64) } });

  // A moderator may not reset anyone's; a bad or unknown address is refused and changes nothing.
  expect(((await post(lost.cookie, { email: "reset-admin@example.org" })) as Response).status).toBe(403);
  expect(((await post(admin.cookie, { email: "not an address" })) as Response).status).toBe(400);
  expect(((await post(admin.cookie, { email: "nobody-here@example.org" })) as Response).status).toBe(404);
  expect((await prisma.user.findUniqueOrThrow({ where: { id: lost.user.id } })).totpEnabledAt).not.toBeNull();

  const answer = (await post(admin.cookie, { email: "Lost-Phone@example.org" })) as Response;
  expect(answer.status).toBe(302);
  expect(answer.headers.get("Location")).toBe("/admin/people?email=Lost-Phone%40example.org&reset=1");
  const after = await prisma.user.findUniqueOrThrow({ where: { id: lost.user.id } });
  expect([after.totpSecret, after.totpEnabledAt, after.role]).toEqual([null, null, "moderator"]);
  expect(await prisma.recoveryCode.count({ where: { userId: lost.user.id } })).toBe(0);
  expect(await prisma.session.count({ where: { userId: lost.user.id } })).toBe(0);
  const entry = await prisma.auditEntry.findFirstOrThrow({
    where: { subjectId: lost.user.id },
    orderBy: { id: "desc" },
  });
  expect(entry).toMatchObject({ actorEmail: "reset-admin@example.org" });
  expect(entry.action).toMatch(/^two-factor\./);

  // The page it comes back to still answers.
  const page = await settle(() =>
    peopleLoader({
      request: request("/admin/people?email=lost-phone%40example.org&reset=1", admin.cookie),
      params: {},
      context: { clientIp: "203.0.113.7" },
    }),
  );
  expect(page).toHaveProperty("found.email", "lost-phone@example.org");
});
