import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { settle } from "../../tests/helpers";
import { recordAudit } from "~/models/audit.server";
import { loader } from "./admin.audit";

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
