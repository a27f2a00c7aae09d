import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { createEvent } from "../../tests/events";
import { settle, TEST_ADMIN } from "../../tests/helpers";
import { setEventStatus } from "./event-admin.server";
import { reviewOrganisation } from "./organisation.server";

/* Verifying an organisation and running an event are on the record, in the change's own transaction. */

const entriesFor = (subjectId: string) => prisma.auditEntry.findMany({ where: { subjectId }, orderBy: { id: "asc" } });

test("verifying and rejecting an organisation each write an entry naming it, with the status before and after", async () => {
  const verified = await createOrganisation("audit-verified", "pending");
  const rejected = await createOrganisation("audit-rejected", "pending");
  await reviewOrganisation(TEST_ADMIN, verified.id, "verify");
  await reviewOrganisation(TEST_ADMIN, rejected.id, "reject", "We could not find it in Salford.");

  const [verify] = await entriesFor(verified.id);
  expect(verify).toMatchObject({
    action: "organisation.verify",
    actorEmail: TEST_ADMIN.email,
    summary: "Verified organisation Org audit-verified",
    before: { status: "pending" },
    after: { status: "verified" },
  });
  const [reject] = await entriesFor(rejected.id);
  expect(reject).toMatchObject({
    action: "organisation.reject",
    after: { status: "rejected", rejectionReason: "We could not find it in Salford." },
  });
});

test("publishing and cancelling an event are recorded against the organiser who did it", async () => {
  const event = await createEvent({ status: "draft" });
  const organiser = { id: TEST_ADMIN.id, role: "admin", email: TEST_ADMIN.email };
  expect(await setEventStatus(event.id, "publish", new Date(), organiser)).toMatchObject({ ok: true });
  expect(await setEventStatus(event.id, "cancel", new Date(), organiser)).toMatchObject({ ok: true });
  const entries = await entriesFor(event.id);
  expect(
    entries.map((e) => [e.action, (e.before as { status: string }).status, (e.after as { status: string }).status]),
  ).toEqual([
    ["event.publish", "draft", "published"],
    ["event.cancel", "published", "cancelled"],
  ]);
  expect(entries.every((e) => e.actorEmail === TEST_ADMIN.email && e.summary.includes(event.title))).toBe(true);
});

test("an admin acting on an organisation they do not belong to is on the record; its own owner's actions are not", async () => {
  const { action: manage } = await import("~/routes/organisations.$slug.manage");
  const organisation = await createOrganisation("audit-acted-on");
  const admin = await signedIn("audit-acting-admin@example.org", "admin");
  const owner = await signedIn("audit-owner@example.org");
  await prisma.membership.create({ data: { userId: owner.user.id, organisationId: organisation.id, role: "owner" } });
  const invite = (cookie: string, email: string) =>
    settle(() =>
      manage({
        request: request("/organisations/audit-acted-on/manage", cookie, { intent: "invite", email }),
        params: { slug: "audit-acted-on" },
        context: { clientIp: "203.0.113.8" },
      }),
    );
  expect(((await invite(owner.cookie, "owners-pick@example.org")) as Response).status).toBe(302);
  expect(await entriesFor(organisation.id)).toEqual([]);
  expect(((await invite(admin.cookie, "admins-pick@example.org")) as Response).status).toBe(302);
  expect(await entriesFor(organisation.id)).toEqual([
    expect.objectContaining({
      action: "organisation.invite",
      actorEmail: "audit-acting-admin@example.org",
      summary: "Invited admins-pick@example.org to edit Org audit-acted-on",
    }),
  ]);
});
