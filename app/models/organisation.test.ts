import { beforeEach, expect, test } from "vitest";
import { signedIn } from "../../tests/accounts";
import { prisma } from "~/utils/db.server";
import {
  acceptInvitation,
  createCommitment,
  getOrganisation,
  inviteEditor,
  registerOrganisation,
  reportProgress,
  reviewOrganisation,
  withdrawCommitment,
} from "./organisation.server";
import { getTally, rebuildTally } from "./tally.server";
import { TEST_ADMIN } from "../../tests/helpers";

const registration = {
  name: "Broughton Community Kitchen",
  sector: "charity",
  address: "10 Great Clowes Street, Salford",
  postcode: "m7 1zq",
  contactEmail: "kitchen@example.org",
  description: "A community kitchen cooking with and for Broughton residents.",
};
const commitment = (quality: "values" | "partnerships", title = "Host a community meeting every month") => ({
  quality,
  title,
  measure: "meetings held",
  targetKind: "number" as const,
  targetValue: 12,
  unit: "meetings",
  targetDate: new Date("2027-06-30"),
});

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.organisation.deleteMany();
});

test("registering places the organisation in its ward, makes the registrant owner and emails the contact", async () => {
  const { user } = await signedIn("owner@example.org");
  expect(await registerOrganisation(user.id, { ...registration, postcode: "M1 1AD" })).toBeNull();
  const organisation = (await registerOrganisation(user.id, registration))!;
  expect(organisation).toMatchObject({ slug: "broughton-community-kitchen", status: "pending", postcode: "M7 1ZQ" });
  expect(organisation.wardCode).toMatch(/^E05013/);
  expect(await prisma.membership.findFirst({ where: { organisationId: organisation.id } })).toMatchObject({
    userId: user.id,
    role: "owner",
  });
  expect(await prisma.emailMessage.findFirst({ where: { template: "confirm-organisation-email" } })).toMatchObject({
    toAddress: "kitchen@example.org",
  });
  // A second organisation of the same name gets its own address.
  expect((await registerOrganisation(user.id, registration))!.slug).toBe("broughton-community-kitchen-2");
});

test("an organisation counts once verified and with an active commitment; the tally follows every change", async () => {
  const { user } = await signedIn("owner2@example.org");
  const organisation = (await registerOrganisation(user.id, registration))!;
  const first = await createCommitment(organisation.id, commitment("values"));
  // Pending: not counted, however many commitments.
  expect(await getTally()).toMatchObject({ total: 0, organisations: 0 });

  await reviewOrganisation(TEST_ADMIN, organisation.id, "verify");
  expect(await getTally()).toMatchObject({ total: 1, organisations: 1, byQuality: { values: 1, partnerships: 0 } });
  expect(await prisma.emailMessage.findFirst({ where: { template: "organisation-verified" } })).toBeTruthy();

  await createCommitment(organisation.id, commitment("values", "Pay the Real Living Wage to all staff"));
  await createCommitment(organisation.id, commitment("partnerships"));
  expect(await getTally()).toMatchObject({ total: 1, organisations: 1, byQuality: { values: 1, partnerships: 1 } });

  // Counting as it goes and recounting from scratch agree.
  await rebuildTally();
  expect(await getTally()).toMatchObject({ total: 1, organisations: 1, byQuality: { values: 1, partnerships: 1 } });

  for (const c of await prisma.commitment.findMany({ where: { organisationId: organisation.id } }))
    await withdrawCommitment(organisation.id, c.id);
  expect(await getTally()).toMatchObject({ total: 0, organisations: 0, byQuality: { values: 0, partnerships: 0 } });
  expect(first.status).toBe("active");
});

test("rejecting records the reason and emails it; progress reports show against the target", async () => {
  const { user } = await signedIn("owner3@example.org");
  const organisation = (await registerOrganisation(user.id, registration))!;
  await reviewOrganisation(
    TEST_ADMIN,
    organisation.id,
    "reject",
    "We could not find the organisation at that address.",
  );
  expect(await prisma.organisation.findUnique({ where: { id: organisation.id } })).toMatchObject({
    status: "rejected",
    rejectionReason: "We could not find the organisation at that address.",
  });
  const email = await prisma.emailMessage.findFirstOrThrow({ where: { template: "organisation-rejected" } });
  expect(email.props).toMatchObject({ reason: "We could not find the organisation at that address." });

  const c = await createCommitment(organisation.id, commitment("values"));
  await reportProgress(organisation.id, c.id, {
    value: 3,
    story: "Three meetings so far, forty people.",
    reportedOn: new Date("2026-11-01"),
  });
  await reportProgress(organisation.id, c.id, {
    value: 5,
    story: "Five meetings now.",
    reportedOn: new Date("2026-11-20"),
  });
  const profile = await getOrganisation(organisation.slug);
  expect(profile!.commitments[0]!.reports.map((r) => r.value)).toEqual([5, 3]);
});

test("an owner invites an editor by email; only that address can accept, once", async () => {
  const { user } = await signedIn("owner4@example.org");
  const organisation = (await registerOrganisation(user.id, registration))!;
  await inviteEditor(organisation, "Colleague@Example.org");
  const email = await prisma.emailMessage.findFirstOrThrow({ where: { template: "editor-invitation" } });
  const token = (email.props as { acceptUrl: string }).acceptUrl.split("/invitations/")[1]!;

  const someoneElse = await signedIn("someone-else@example.org");
  expect((await acceptInvitation(token, someoneElse.user)).status).toBe("wrong-address");
  const colleague = await signedIn("colleague@example.org");
  expect((await acceptInvitation(token, colleague.user)).status).toBe("accepted");
  expect(
    await prisma.membership.findUnique({
      where: { userId_organisationId: { userId: colleague.user.id, organisationId: organisation.id } },
    }),
  ).toMatchObject({ role: "editor" });
  expect((await acceptInvitation(token, colleague.user)).status).toBe("invalid");
});
