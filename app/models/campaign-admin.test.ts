import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { createOrganisation } from "../../tests/accounts";
import { signCampaignPledge } from "../../tests/campaigns";
import { prisma } from "~/utils/db.server";
import {
  createCampaign,
  endOfSalfordDay,
  getCampaignForAdmin,
  listCampaignsForAdmin,
  setCampaignStatus,
  updateCampaign,
} from "./campaign-admin.server";
import { findPublicCampaign, listPublicCampaigns } from "./campaign.server";
import { campaignEditSchema, campaignSchema, SLUG_TAKEN_MESSAGE, type CampaignInput } from "./campaign-form";
import { getConditionProgress, settleDueConditions } from "./pledge-condition.server";
import { confirmPledge } from "./pledge-confirmation.server";

const ORDSALL = "E05013028";
/** Who makes the changes: an admin, as the audit log records them. */
const admin = { id: randomUUID(), email: "campaign-admin@example.org", role: "admin" };

/** What the form sends, with dates and numbers as Conform hands them to the schema. */
function raw(fields: Record<string, string | string[]>): Record<string, unknown> {
  const form = {
    name: "Ordsall Litter Free Summer",
    summary: "A summer of litter picks and tidy streets in Ordsall.",
    body: "Why it matters: **clean streets** make neighbours.\n\n- pick\n- tidy",
    startsOn: "2027-06-01",
    endsOn: "2027-08-31",
    target: "500",
    qualities: ["partnerships", "values"],
    suggestions:
      "I will join a litter pick in my street once a month.\n\n  I will take my litter home from the park.  ",
    milestones: "100, 25,50",
    ...fields,
  };
  const dates = ["startsOn", "endsOn", "conditionalDeadline"];
  const numbers = ["target", "conditionalThreshold"];
  return Object.fromEntries(
    Object.entries(form).map(([k, v]) => [
      k,
      dates.includes(k) ? new Date(v as string) : numbers.includes(k) ? Number(v) : v,
    ]),
  );
}

/** The campaign's input as the form's own schema reads it (so the tests go through the same rules). */
function input(fields: Record<string, string | string[]>) {
  const parsed = campaignSchema({ wardCodes: [ORDSALL], partnerIds: [] }).safeParse(raw(fields));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

beforeEach(async () => {
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.organisation.deleteMany();
});

test("a new campaign is a draft with what the form said, its address made from its name; admins see it, the public does not", async () => {
  const saved = await createCampaign(admin, input({ wardCodes: [ORDSALL] }));
  expect(saved).toMatchObject({ ok: true, slug: "ordsall-litter-free-summer" });
  if (!saved.ok) throw new Error("not saved");
  const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: saved.id } });
  expect(campaign).toMatchObject({
    status: "draft",
    publishedAt: null,
    target: 500,
    qualities: ["partnerships", "values"],
    wardCodes: [ORDSALL],
    suggestions: ["I will join a litter pick in my street once a month.", "I will take my litter home from the park."],
    milestones: [25, 50, 100],
    conditionalThreshold: null,
    startsOn: new Date("2027-06-01T00:00:00Z"),
    endsOn: new Date("2027-08-31T00:00:00Z"),
  });
  expect(await findPublicCampaign("ordsall-litter-free-summer")).toBeNull();
  expect(await listPublicCampaigns()).toEqual([]);
  expect((await listCampaignsForAdmin()).map((c) => [c.slug, c.status, c.phase])).toEqual([
    ["ordsall-litter-free-summer", "draft", "draft"],
  ]);
  expect((await getCampaignForAdmin(saved.id))!.form).toMatchObject({
    startsOn: "2027-06-01",
    target: "500",
    milestones: "25, 50, 100",
    suggestions: "I will join a litter pick in my street once a month.\nI will take my litter home from the park.",
  });
  // A second campaign of the same name gets the next free address.
  expect(await createCampaign(admin, input({}))).toMatchObject({ ok: true, slug: "ordsall-litter-free-summer-2" });
});

test("an address someone chose that another campaign has is refused at the field, on create and on edit", async () => {
  await createCampaign(admin, input({ slug: "summer" }));
  expect(await createCampaign(admin, input({ name: "Another summer", slug: "summer" }))).toEqual({
    ok: false,
    refusal: { field: "slug", message: SLUG_TAKEN_MESSAGE },
  });
  const other = await createCampaign(admin, input({ name: "Winter warmth", slug: "winter" }));
  if (!other.ok) throw new Error("not saved");
  expect(await updateCampaign(admin, other.id, input({ name: "Winter warmth", slug: "summer" }))).toMatchObject({
    ok: false,
    refusal: { field: "slug" },
  });
  // Its own address is no clash.
  expect(await updateCampaign(admin, other.id, input({ name: "Winter warmth", slug: "winter" }))).toMatchObject({
    ok: true,
  });
  expect(await prisma.campaign.count({ where: { slug: "summer" } })).toBe(1);
});

test("editing changes what the form says and keeps the address unless a new one is given", async () => {
  const saved = await createCampaign(admin, input({}));
  if (!saved.ok) throw new Error("not saved");
  expect(
    await updateCampaign(admin, saved.id, input({ name: "Ordsall Tidy Autumn", target: "750", milestones: "50, 100" })),
  ).toEqual({
    ok: true,
    id: saved.id,
    slug: "ordsall-litter-free-summer",
  });
  expect(await prisma.campaign.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({
    name: "Ordsall Tidy Autumn",
    target: 750,
    milestones: [50, 100],
  });
  expect(await updateCampaign(admin, saved.id, input({ slug: "tidy-autumn" }))).toMatchObject({
    ok: true,
    slug: "tidy-autumn",
  });
  expect(await updateCampaign(admin, "8d3f6f0e-1111-4a2b-9c3d-000000000000", input({}))).toBeNull();
  expect(await updateCampaign(admin, "not-a-uuid", input({}))).toBeNull();
  expect(await getCampaignForAdmin("not-a-uuid")).toBeNull();
});

test("publishing shows it to the public and dates it; archiving makes it past; back to draft hides it again", async () => {
  const saved = await createCampaign(
    admin,
    input({ slug: "publish-me", startsOn: "2020-01-01", endsOn: "2099-12-31" }),
  );
  if (!saved.ok) throw new Error("not saved");
  const before = new Date();
  await setCampaignStatus(admin, saved.id, "published");
  const published = await prisma.campaign.findUniqueOrThrow({ where: { id: saved.id } });
  expect(published.publishedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  expect(await findPublicCampaign("publish-me")).toMatchObject({
    name: "Ordsall Litter Free Summer",
    phase: "running",
  });

  await setCampaignStatus(admin, saved.id, "archived");
  expect(await findPublicCampaign("publish-me")).toMatchObject({ phase: "past" });

  await setCampaignStatus(admin, saved.id, "draft");
  expect(await findPublicCampaign("publish-me")).toBeNull();
  expect((await getCampaignForAdmin(saved.id))!.status).toBe("draft");
  expect(await setCampaignStatus(admin, "8d3f6f0e-1111-4a2b-9c3d-000000000000", "published")).toBeNull();
});

test("a partner must be a verified organisation: the form's schema and the model both refuse any other", async () => {
  const verified = await createOrganisation("verified-partner");
  const pending = await createOrganisation("pending-partner", "pending");
  const choices = { wardCodes: [ORDSALL], partnerIds: [verified.id] };
  // The form refuses an id that was not among the verified organisations offered…
  const posted = campaignSchema(choices).safeParse({ ...raw({}), partners: [pending.id] });
  expect(posted.success).toBe(false);
  expect(posted.error!.issues.find((i) => i.path[0] === "partners")?.message).toMatch(/verified/);
  // …and the model refuses it whatever the page offered (it may have lost its verification since).
  const withPending: CampaignInput = { ...input({}), partners: [verified.id, pending.id] };
  expect(await createCampaign(admin, withPending)).toMatchObject({ ok: false, refusal: { field: "partners" } });
  expect(await prisma.campaign.count()).toBe(0);

  const saved = await createCampaign(admin, {
    ...input({ slug: "partnered", startsOn: "2020-01-01" }),
    partners: [verified.id],
  });
  if (!saved.ok) throw new Error("not saved");
  expect(await updateCampaign(admin, saved.id, withPending)).toMatchObject({
    ok: false,
    refusal: { field: "partners" },
  });
  await setCampaignStatus(admin, saved.id, "published");
  expect((await findPublicCampaign("partnered"))!.partners.map((p) => p.slug)).toEqual(["verified-partner"]);
  expect((await getCampaignForAdmin(saved.id))!.form.partners).toEqual([verified.id]);
});

test("the form's rules between fields: the end not before the start, the conditional offer whole or not at all", () => {
  const choices = { wardCodes: [ORDSALL], partnerIds: [] };
  const issues = (fields: Record<string, unknown>) => {
    const result = campaignEditSchema(choices).safeParse({ ...raw({}), intent: "save", ...fields });
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };
  expect(issues({ endsOn: new Date("2027-05-31") })).toEqual({
    endsOn: "The end date must be on or after the start date",
  });
  expect(issues({ endsOn: new Date("2027-06-01") })).toEqual({});
  expect(Object.keys(issues({ conditionalThreshold: 5 }))).toEqual(["conditionalDeadline", "conditionalScope"]);
  expect(
    issues({ conditionalThreshold: 1, conditionalDeadline: new Date("2027-07-01"), conditionalScope: "ward" }),
  ).toEqual({
    conditionalThreshold: "Enter at least 2: a condition needs others to join",
  });
  expect(issues({ wardCodes: ["E05999999"] })).toEqual({ wardCodes: "Choose wards from the list" });
  expect(Object.values(issues({ suggestions: "Too short\nI will pick litter on my street every week." }))).toEqual([
    "Suggestion 1: Write your commitment in at least 10 characters",
  ]);
  expect(Object.keys(issues({ milestones: "25, 150" }))).toEqual(["milestones"]);
  expect(Object.keys(issues({ suggestions: Array(11).fill("I will pick litter on my street.").join("\n") }))).toEqual([
    "suggestions",
  ]);
  expect(campaignEditSchema(choices).safeParse({ intent: "publish" }).success).toBe(true);
});

test("the conditional deadline is stored as the end of that day in Salford, in winter and in summer", async () => {
  expect(endOfSalfordDay(new Date("2027-01-15")).toISOString()).toBe("2027-01-15T23:59:59.999Z");
  expect(endOfSalfordDay(new Date("2027-07-15")).toISOString()).toBe("2027-07-15T22:59:59.999Z");
  // The clocks go back on 31 October 2027: that day ends at midnight GMT.
  expect(endOfSalfordDay(new Date("2027-10-31")).toISOString()).toBe("2027-10-31T23:59:59.999Z");
  expect(endOfSalfordDay(new Date("2027-03-28")).toISOString()).toBe("2027-03-28T22:59:59.999Z");
  const saved = await createCampaign(
    admin,
    input({ conditionalThreshold: "3", conditionalDeadline: "2027-07-15", conditionalScope: "campaign" }),
  );
  if (!saved.ok) throw new Error("not saved");
  expect((await prisma.campaign.findUniqueOrThrow({ where: { id: saved.id } })).conditionalDeadline).toEqual(
    new Date("2027-07-15T22:59:59.999Z"),
  );
  expect((await getCampaignForAdmin(saved.id))!.form).toMatchObject({
    conditionalThreshold: "3",
    conditionalDeadline: "2027-07-15",
    conditionalScope: "campaign",
  });
});

async function signConditional(campaign: { id: string; suggestions: string[] }, email: string) {
  const confirmed = await confirmPledge(await signCampaignPledge(campaign, email, { conditional: true }));
  if (confirmed.status !== "confirmed") throw new Error(`not confirmed: ${confirmed.status}`);
  return confirmed.pledgeId;
}

test("lowering the threshold reaches the conditions still waiting, and the worker then switches on one it has met", async () => {
  const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const offer = { conditionalThreshold: "3", conditionalDeadline: deadline, conditionalScope: "campaign" };
  const saved = await createCampaign(
    admin,
    input({ slug: "conditional", startsOn: "2020-01-01", endsOn: "2099-12-31", ...offer }),
  );
  if (!saved.ok) throw new Error("not saved");
  await setCampaignStatus(admin, saved.id, "published");
  const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: saved.id } });
  await signConditional(campaign, "first@example.org");
  const pledgeId = await signConditional(campaign, "second@example.org");
  const { conditionId } = await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } });
  expect(await getConditionProgress(conditionId)).toMatchObject({ signers: 2, threshold: 3, status: "waiting" });
  expect(await settleDueConditions()).toBe(0);

  // A later deadline alone reaches it too.
  const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await updateCampaign(admin, saved.id, input({ slug: "conditional", ...offer, conditionalDeadline: later }));
  expect((await getConditionProgress(conditionId))!.deadline).toBe(endOfSalfordDay(new Date(later)).toISOString());

  expect(
    await updateCampaign(admin, saved.id, input({ slug: "conditional", ...offer, conditionalThreshold: "2" })),
  ).toMatchObject({
    ok: true,
  });
  expect(await getConditionProgress(conditionId)).toMatchObject({
    threshold: 2,
    deadline: endOfSalfordDay(new Date(deadline)).toISOString(),
    status: "waiting",
  });
  expect(await settleDueConditions()).toBe(1);
  expect(await getConditionProgress(conditionId)).toMatchObject({ signers: 2, status: "on" });
  expect(await prisma.emailMessage.count({ where: { template: "condition-met" } })).toBe(2);

  // Its pledges were gathered for the whole campaign: the scope cannot change now.
  expect(
    await updateCampaign(admin, saved.id, input({ slug: "conditional", ...offer, conditionalScope: "ward" })),
  ).toMatchObject({
    ok: false,
    refusal: { field: "conditionalScope" },
  });
});

test("every campaign change writes its audit entry: who, what, and the fields before and after", async () => {
  const entries = (id: string) =>
    prisma.auditEntry.findMany({ where: { subjectKind: "campaign", subjectId: id }, orderBy: { id: "asc" } });
  const saved = await createCampaign(admin, input({ slug: "audited" }));
  if (!saved.ok) throw new Error("not saved");
  expect(await entries(saved.id)).toMatchObject([
    {
      action: "campaign.create",
      actorId: admin.id,
      actorEmail: "campaign-admin@example.org",
      actorRole: "admin",
      summary: "Created campaign Ordsall Litter Free Summer as a draft",
      before: null,
      after: { name: "Ordsall Litter Free Summer", target: 500, milestones: [25, 50, 100], status: "draft" },
    },
  ]);

  await updateCampaign(admin, saved.id, input({ slug: "audited", name: "Ordsall Tidy Autumn", target: "750" }));
  // Saving the same again changes nothing and records nothing.
  await updateCampaign(admin, saved.id, input({ slug: "audited", name: "Ordsall Tidy Autumn", target: "750" }));
  await setCampaignStatus(admin, saved.id, "published");
  await setCampaignStatus(admin, saved.id, "published");
  await setCampaignStatus(admin, saved.id, "archived");
  await setCampaignStatus(admin, saved.id, "draft");
  const logged = await entries(saved.id);
  expect(logged.map((e) => [e.action, e.summary])).toEqual([
    ["campaign.create", "Created campaign Ordsall Litter Free Summer as a draft"],
    ["campaign.update", "Edited campaign Ordsall Tidy Autumn (was Ordsall Litter Free Summer)"],
    ["campaign.publish", "Published campaign Ordsall Tidy Autumn"],
    ["campaign.archive", "Archived campaign Ordsall Tidy Autumn"],
    ["campaign.draft", "Took campaign Ordsall Tidy Autumn back to draft"],
  ]);
  expect(logged[1]!.before).toMatchObject({ name: "Ordsall Litter Free Summer", target: 500 });
  expect(logged[1]!.after).toMatchObject({ name: "Ordsall Tidy Autumn", target: 750 });
  expect(logged[2]!.before).toEqual({ status: "draft", publishedAt: null });
  expect(logged[2]!.after).toMatchObject({ status: "published", publishedAt: expect.any(String) });

  // A refused save writes no entry: the entry is in the change's transaction.
  expect(
    await updateCampaign(admin, saved.id, { ...input({ slug: "audited" }), partners: [randomUUID()] }),
  ).toMatchObject({ ok: false });
  expect(await entries(saved.id)).toHaveLength(5);
});
