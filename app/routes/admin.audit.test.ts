import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { expect, test } from "vitest";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { settle } from "../../tests/helpers";
import { recordAudit } from "~/models/audit.server";
import { prisma } from "~/utils/db.server";
import { loader } from "./admin.audit";
import { action as peopleAction, loader as peopleLoader } from "./admin.people";

const args = (cookie?: string, query = "") => ({
  request: request(`/admin/audit${query}`, cookie),
  params: {},
  context: { clientIp: "203.0.113.9" },
});
type Page = {
  entries: { summary: string; subjectHref: string | null; changes: { key: string; before: string; after: string }[] }[];
  errors: Record<string, string[]>;
  olderBefore: string | null;
};
const page = async (cookie: string, query = "") => (await loader(args(cookie, query))) as Page;
const status = (result: unknown) =>
  result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200);

test("admins read the log newest first with what changed and a link to the subject; filters narrow it", async () => {
  const { cookie, user } = await signedIn("audit-reader@example.org", "admin");
  const actor = { id: user.id, email: user.email, role: "admin" };
  const organisation = await createOrganisation("audited-org", "pending");
  await recordAudit(actor, {
    action: "organisation.verify",
    subject: { kind: "organisation", id: organisation.id },
    summary: "Verified organisation Org audited-org",
    before: { status: "pending" },
    after: { status: "verified" },
  });
  const campaignId = randomUUID();
  await recordAudit(
    { id: randomUUID(), email: "someone-else@example.org", role: "moderator" },
    { action: "campaign.publish", subject: { kind: "campaign", id: campaignId }, summary: "Published campaign X" },
  );

  const all = await page(cookie);
  expect(all.entries.map((e) => e.summary)).toEqual(["Published campaign X", "Verified organisation Org audited-org"]);
  expect(all.entries[0]!.subjectHref).toBe(`/admin/campaigns/${campaignId}`);
  expect(all.entries[1]!.subjectHref).toBe("/organisations/audited-org");
  expect(all.entries[1]!.changes).toEqual([{ key: "status", before: "pending", after: "verified" }]);

  expect((await page(cookie, "?action=organisation.")).entries.map((e) => e.summary)).toEqual([
    "Verified organisation Org audited-org",
  ]);
  expect((await page(cookie, "?actor=Someone-Else%40example.org")).entries.map((e) => e.summary)).toEqual([
    "Published campaign X",
  ]);
  expect((await page(cookie, `?subjectKind=campaign&subjectId=${campaignId}&action=&from=&to=`)).entries).toHaveLength(
    1,
  );
  expect((await page(cookie, "?from=2020-01-01&to=2020-12-31")).entries).toEqual([]);
});

test("a filter that is not one answers 400 with the message at its field, never a 500", async () => {
  const { cookie } = await signedIn("audit-filterer@example.org", "admin");
  for (const [query, message] of [
    ["?from=2026-13-01", "Enter a date like 2026-11-28"],
    ["?to=0001-01-01", "Enter a date like 2026-11-28"],
    ["?from=2026-12-01&to=2026-11-01", "The end date is before the start date"],
    ["?action=%00drop", "An action is like role.grant"],
    ["?actor=nobody", "Enter an email address like"],
    ["?before=abc", "That page of the log does not exist"],
    [`?subjectId=${"x".repeat(500)}`, "An id is at most 100 characters"],
  ]) {
    const answer = await settle(() => loader(args(cookie, query)));
    expect(status(answer), query).toBe(400);
    expect(JSON.stringify(answer), query).toContain(message);
  }
});

test("only admins read the log: moderators and residents get 403; no one signed in is sent to sign in", async () => {
  for (const role of ["moderator", "resident"] as const) {
    const { cookie } = await signedIn(`audit-${role}@example.org`, role);
    expect(status(await settle(() => loader(args(cookie))))).toBe(403);
  }
  const anonymous = (await settle(() => loader(args()))) as Response;
  expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
});

test("any query string or form, however odd, answers without a 5xx and changes no role but by a valid form", async () => {
  const { cookie, user } = await signedIn("audit-fuzzer@example.org", "admin");
  const odd = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("", "\u0000", "2026-02-30", "0000-01-01", "9".repeat(30), "role.", "a@b.c", "%", "x".repeat(5000)),
  );
  const names = fc.constantFrom("action", "actor", "subjectKind", "subjectId", "from", "to", "before", "email", "role");
  const pairs = fc.array(fc.tuple(names, odd), { maxLength: 8 });
  const answer = async (run: () => Promise<unknown>) => {
    try {
      return status(await run());
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };
  await fc.assert(
    fc.asyncProperty(pairs, async (sent) => {
      const query = `?${new URLSearchParams(sent)}`;
      expect(await answer(() => loader(args(cookie, query)))).toBeLessThan(500);
      const people = { request: request(`/admin/people${query}`, cookie), params: {}, context: { clientIp: "x" } };
      expect(await answer(() => peopleLoader(people))).toBeLessThan(500);
      const form = Object.fromEntries(sent);
      const posted = { request: request("/admin/people", cookie, form), params: {}, context: { clientIp: "x" } };
      expect(await answer(() => peopleAction(posted))).toBeLessThan(500);
    }),
    { numRuns: 150 },
  );
  // Whatever was sent, the admin sending it is still one.
  expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("admin");
});
