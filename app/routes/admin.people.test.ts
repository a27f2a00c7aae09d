import { expect, test } from "vitest";
import { request, signedIn } from "../../tests/accounts";
import { settle } from "../../tests/helpers";
import { LAST_ADMIN_MESSAGE } from "~/models/people";
import { changeRole } from "~/models/people.server";
import { prisma } from "~/utils/db.server";
import { action, loader } from "./admin.people";

const args = (cookie?: string, form?: Record<string, string>, query = "") => ({
  request: request(`/admin/people${query}`, cookie, form),
  params: {},
  context: { clientIp: "203.0.113.9" },
});
const post = (cookie: string, email: string, role: string) => settle(() => action(args(cookie, { email, role })));
const roleOf = async (email: string) =>
  (await prisma.user.findUnique({ where: { emailNormalised: email.toLowerCase() } }))?.role;
const roleEntries = (email: string) =>
  prisma.auditEntry.findMany({
    where: { action: { startsWith: "role." }, summary: { contains: email } },
    orderBy: { id: "asc" },
  });
/** Only these admins: everyone else who was one is a resident again. */
async function onlyAdmins(...emails: string[]) {
  await prisma.user.updateMany({ where: { role: "admin" }, data: { role: "resident" } });
  return Promise.all(emails.map((email) => signedIn(email, "admin")));
}
const status = (result: unknown) =>
  result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200);

test("an admin grants moderator and admin and takes them away; each change is on the record with before and after", async () => {
  const [{ cookie, user: admin }] = await onlyAdmins("grant-admin@example.org");
  const { user: sam } = await signedIn("sam@example.org");

  const granted = (await post(cookie, "Sam@Example.org", "moderator")) as Response;
  expect(granted.status).toBe(302);
  expect(granted.headers.get("Location")).toBe("/admin/people?email=sam%40example.org&changed=1");
  expect(await roleOf("sam@example.org")).toBe("moderator");

  await post(cookie, "sam@example.org", "admin");
  await post(cookie, "sam@example.org", "resident");
  // The role it has already: nothing changes, nothing is recorded.
  expect(status(await post(cookie, "sam@example.org", "resident"))).toBe(302);

  const entries = await roleEntries("sam@example.org");
  expect(
    entries.map((e) => ({
      action: e.action,
      actor: e.actorEmail,
      subject: [e.subjectKind, e.subjectId],
      summary: e.summary,
      before: e.before,
      after: e.after,
    })),
  ).toEqual([
    {
      action: "role.grant",
      actor: "grant-admin@example.org",
      subject: ["user", sam.id],
      summary: "Made sam@example.org a moderator",
      before: { email: "sam@example.org", role: "resident" },
      after: { email: "sam@example.org", role: "moderator" },
    },
    {
      action: "role.grant",
      actor: "grant-admin@example.org",
      subject: ["user", sam.id],
      summary: "Made sam@example.org an admin",
      before: { email: "sam@example.org", role: "moderator" },
      after: { email: "sam@example.org", role: "admin" },
    },
    {
      action: "role.revoke",
      actor: "grant-admin@example.org",
      subject: ["user", sam.id],
      summary: "Took the admin role from sam@example.org: now a resident (no role)",
      before: { email: "sam@example.org", role: "admin" },
      after: { email: "sam@example.org", role: "resident" },
    },
  ]);
  expect(entries.every((e) => e.actorId === admin.id && e.actorRole === "admin")).toBe(true);
});

test("a role given to an address with no account makes the account; they sign in by email later", async () => {
  const [{ cookie }] = await onlyAdmins("maker-admin@example.org");
  expect(await roleOf("new-volunteer@example.org")).toBeUndefined();
  expect(status(await post(cookie, "new-volunteer@example.org", "moderator"))).toBe(302);
  expect(await roleOf("new-volunteer@example.org")).toBe("moderator");
  expect((await roleEntries("new-volunteer@example.org")).map((e) => e.summary)).toEqual([
    "Made new-volunteer@example.org a moderator (a new account)",
  ]);
  // Taking a role from an address with no account is refused, and makes nothing.
  const refused = await post(cookie, "nobody-here@example.org", "resident");
  expect(status(refused)).toBe(400);
  expect(JSON.stringify(refused)).toContain("has no account");
  expect(await roleOf("nobody-here@example.org")).toBeUndefined();
});

test("the last admin cannot give up their admin role; with another admin they can", async () => {
  const [{ cookie }] = await onlyAdmins("last-admin@example.org");
  for (const role of ["moderator", "resident"]) {
    const refused = await post(cookie, "last-admin@example.org", role);
    expect(status(refused)).toBe(400);
    expect(JSON.stringify(refused)).toContain(LAST_ADMIN_MESSAGE);
  }
  expect(await roleOf("last-admin@example.org")).toBe("admin");
  expect(await roleEntries("last-admin@example.org")).toEqual([]);

  await post(cookie, "second-admin@example.org", "admin");
  const stepped = (await post(cookie, "last-admin@example.org", "moderator")) as Response;
  // No longer an admin: sent to the admin desk a moderator can open, not to this page.
  expect(stepped.headers.get("Location")).toBe("/admin");
  expect(await roleOf("last-admin@example.org")).toBe("moderator");
  // The role is read on every request: the page is closed to them at once, in the session they have.
  expect(status(await settle(() => loader(args(cookie))))).toBe(403);
  expect(status(await post(cookie, "second-admin@example.org", "resident"))).toBe(403);
  expect(await roleOf("second-admin@example.org")).toBe("admin");
});

test("two admins demoting each other, or themselves, at the same moment leave one admin", async () => {
  for (let round = 0; round < 5; round += 1) {
    const [a, b] = await onlyAdmins(`race-a@example.org`, `race-b@example.org`);
    const actor = (s: typeof a) => ({ id: s.user.id, email: s.user.email, role: "admin" });
    const results =
      round % 2
        ? await Promise.all([
            changeRole(actor(a), "race-b@example.org", "resident"),
            changeRole(actor(b), "race-a@example.org", "resident"),
          ])
        : await Promise.all([
            changeRole(actor(a), "race-a@example.org", "moderator"),
            changeRole(actor(b), "race-b@example.org", "moderator"),
          ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma.user.count({ where: { role: "admin" } })).toBe(1);
  }
});

test("the page lists the admins and moderators and finds a person by email; a bad address is a 400", async () => {
  const [{ cookie }] = await onlyAdmins("list-admin@example.org");
  await signedIn("list-moderator@example.org", "moderator");
  const page = (await loader(args(cookie))) as { staff: { email: string; role: string }[] };
  expect(page.staff.slice(0, 1)).toEqual([expect.objectContaining({ email: "list-admin@example.org", role: "admin" })]);
  expect(page.staff).toContainEqual(
    expect.objectContaining({ email: "list-moderator@example.org", role: "moderator" }),
  );
  expect(page.staff.some((p) => p.role === "resident")).toBe(false);

  expect(await loader(args(cookie, undefined, "?email=LIST-moderator%40example.org"))).toMatchObject({
    found: { email: "list-moderator@example.org", role: "moderator", hasAccount: true },
  });
  expect(await loader(args(cookie, undefined, "?email=stranger%40example.org"))).toMatchObject({
    found: { email: "stranger@example.org", role: "resident", hasAccount: false },
  });
  const bad = await settle(() => loader(args(cookie, undefined, "?email=not-an-address")));
  expect(status(bad)).toBe(400);
  expect(JSON.stringify(bad)).toContain("Enter an email address like");
  // A form that is not one: 400 at the field, nothing changed.
  expect(status(await post(cookie, "list-moderator@example.org", "owner"))).toBe(400);
  expect(status(await post(cookie, "", "admin"))).toBe(400);
  expect(await roleOf("list-moderator@example.org")).toBe("moderator");
});

test("only admins: moderators and residents get 403 and change nothing; no one signed in is sent to sign in", async () => {
  await onlyAdmins("gate-admin@example.org");
  const { cookie: moderator } = await signedIn("gate-moderator@example.org", "moderator");
  const { cookie: resident } = await signedIn("gate-resident@example.org");
  for (const cookie of [moderator, resident]) {
    expect(status(await settle(() => loader(args(cookie))))).toBe(403);
    expect(status(await post(cookie, "gate-resident@example.org", "admin"))).toBe(403);
    expect(status(await post(cookie, "gate-moderator@example.org", "admin"))).toBe(403);
  }
  const anonymous = (await settle(() => loader(args()))) as Response;
  expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  expect(await roleOf("gate-resident@example.org")).toBe("resident");
  expect(await roleOf("gate-moderator@example.org")).toBe("moderator");
  expect(await roleEntries("gate-")).toEqual([]);
});
