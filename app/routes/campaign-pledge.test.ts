import { beforeEach, describe, expect, test } from "vitest";
import { getCampaignTally, getTally } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { conditionalOffer, createCampaign } from "../../tests/campaigns";
import { actionArgs, confirmTokenFor, freshIp, loaderArgs, settle, validPledge } from "../../tests/helpers";
import { action as confirmAction, loader as confirmLoader } from "./confirm.$token";
import { action as pledgeAction, loader as pledgeFormLoader } from "./pledge._index";
import { loader as pledgePageLoader } from "./pledges.$id";

/*
 * The pledge form pre-set for a campaign (?campaign=<slug>), its sign-up and
 * what the pledge's page then says: through the routes, against the database.
 */

const CAMPAIGN_WORDS = "I will join a litter pick in my street once a month.";
// Calendar days from today, as a DATE column reads them.
const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);

beforeEach(async () => {
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
  await prisma.pledgeCondition.deleteMany();
  await prisma.milestone.deleteMany();
  await prisma.campaign.deleteMany();
});

function formFor(query: string) {
  return pledgeFormLoader(loaderArgs(`/pledge${query}`));
}

let people = 0;
/** The campaign form as a resident fills it in: the campaign's first suggestion, unless told otherwise. */
function campaignPledge(slug: string, fields: Record<string, string | string[]> = {}) {
  people += 1;
  return {
    ...validPledge,
    email: `pledger${people}@example.org`,
    qualities: "partnerships",
    campaign: slug,
    suggestion: "campaign-0",
    ...fields,
  };
}

async function post(fields: Record<string, string | string[]>) {
  return settle(() => pledgeAction(actionArgs("/pledge", fields, { ip: freshIp() })));
}

function statusOf(result: unknown) {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

function fieldErrors(result: unknown) {
  return (result as { data: { error: Record<string, string[]> } }).data.error;
}

async function confirm(email: string) {
  const token = await confirmTokenFor(email);
  const response = await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
  expect((response as Response).headers.get("Location")).toMatch(/^\/pledges\/[0-9a-f-]+\?confirmed=1$/);
}

async function pageOf(email: string) {
  const pledge = await prisma.pledge.findFirstOrThrow({ where: { email } });
  return pledgePageLoader(loaderArgs(`/pledges/${pledge.id}`, { id: pledge.id }));
}

describe("the form pre-set for a campaign", () => {
  test("a running campaign names itself, offers its suggestions and ticks its qualities", async () => {
    const campaign = await createCampaign({
      name: "Clean Streets",
      summary: "A month of litter picks.",
      qualities: ["partnerships", "delivery"],
      suggestions: [CAMPAIGN_WORDS, "I will lend my litter picker to a neighbour."],
    });
    const form = await formFor(`?campaign=${campaign.slug}`);
    expect(form).toEqual({
      campaign: {
        slug: campaign.slug,
        name: "Clean Streets",
        summary: "A month of litter picks.",
        qualities: ["partnerships", "delivery"],
        suggestions: [CAMPAIGN_WORDS, "I will lend my litter picker to a neighbour."],
        conditional: null,
      },
      campaignUnavailable: false,
    });
  });

  test("conditional pledging is offered while the campaign takes it, and not after its deadline", async () => {
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    const open = await createCampaign({ ...conditionalOffer(25, "ward", deadline) });
    expect((await formFor(`?campaign=${open.slug}`)).campaign?.conditional).toEqual({
      threshold: 25,
      scope: "ward",
      deadline: deadline.toISOString(),
    });
    const closed = await createCampaign({ ...conditionalOffer(25, "campaign", new Date(Date.now() - 60_000)) });
    const form = await formFor(`?campaign=${closed.slug}`);
    expect(form.campaign?.name).toBe(closed.name);
    expect(form.campaign?.conditional).toBeNull();
  });

  test("the plain form, with a notice, for a campaign not taking pledges, one that does not exist, or junk", async () => {
    const draft = await createCampaign({ status: "draft", publishedAt: null });
    const upcoming = await createCampaign({ startsOn: day(3), endsOn: day(30) });
    const finished = await createCampaign({ startsOn: day(-30), endsOn: day(-1) });
    const archived = await createCampaign({ status: "archived" });
    for (const slug of [
      draft.slug,
      upcoming.slug,
      finished.slug,
      archived.slug,
      "no-such-campaign",
      "../../etc/passwd",
      "a\u0000b",
      "x".repeat(5000),
      "%E0%A4%A",
    ])
      expect(await formFor(`?campaign=${encodeURIComponent(slug)}`), slug).toEqual({
        campaign: null,
        campaignUnavailable: true,
      });
  });

  test("without a campaign it is the plain form, no notice", async () => {
    expect(await formFor("")).toEqual({ campaign: null, campaignUnavailable: false });
    expect(await formFor("?campaign=")).toEqual({ campaign: null, campaignUnavailable: false });
  });
});

describe("signing for a campaign", () => {
  test("attributes the pledge, stores the suggestion's words, and once confirmed counts it for the campaign and the city", async () => {
    const campaign = await createCampaign({ suggestions: ["I will plant a tree.", CAMPAIGN_WORDS] });
    const other = await createCampaign();
    const fields = campaignPledge(campaign.slug, { suggestion: "campaign-1" });
    const response = await post(fields);
    expect(statusOf(response)).toBe(302);
    expect((response as Response).headers.get("Location")).toBe("/pledge/sent");

    const stored = await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } });
    expect(stored).toMatchObject({ campaignId: campaign.id, commitment: CAMPAIGN_WORDS, conditional: false });
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 0 });

    await confirm(fields.email);
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 1, waiting: 0, byQuality: { partnerships: 1 } });
    expect(await getCampaignTally(other.id)).toMatchObject({ total: 0 });
    expect(await getTally()).toMatchObject({ total: 1, waiting: 0 });

    const page = await pageOf(fields.email);
    expect(page.campaign).toEqual({ slug: campaign.slug, name: campaign.name });
    expect(page.condition).toBeNull();
  });

  test("the quality suggestions and own words still work on a campaign's form", async () => {
    const campaign = await createCampaign();
    const own = campaignPledge(campaign.slug, { suggestion: "own", ownWords: "I will teach my neighbour to cook." });
    const suggested = campaignPledge(campaign.slug, { suggestion: "values-respect" });
    expect(statusOf(await post(own))).toBe(302);
    expect(statusOf(await post(suggested))).toBe(302);
    const stored = await prisma.pledge.findMany({ where: { campaignId: campaign.id }, orderBy: { email: "asc" } });
    expect(stored.map((p) => p.commitment)).toEqual([
      "I will teach my neighbour to cook.",
      "I will treat everyone I meet with respect and without judgement.",
    ]);
  });

  test("the confirm page names the campaign", async () => {
    const campaign = await createCampaign();
    const fields = campaignPledge(campaign.slug);
    await post(fields);
    const token = await confirmTokenFor(fields.email);
    const state = await confirmLoader(loaderArgs(`/confirm/${token}`, { token }));
    expect(state).toMatchObject({ status: "pending", campaign: { slug: campaign.slug, name: campaign.name } });
  });

  test("a conditional pledge waits, counted apart, until enough have made it; its page shows x of N and the state", async () => {
    const campaign = await createCampaign({ ...conditionalOffer(2) });
    const first = campaignPledge(campaign.slug, { conditional: "on" });
    const second = campaignPledge(campaign.slug, { conditional: "on" });
    expect(statusOf(await post(first))).toBe(302);
    expect(statusOf(await post(second))).toBe(302);
    expect(await prisma.pledge.count({ where: { campaignId: campaign.id, conditional: true } })).toBe(2);

    await confirm(first.email);
    expect(await getTally()).toMatchObject({ total: 0, waiting: 1 });
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 0, waiting: 1 });
    const waiting = await pageOf(first.email);
    expect(waiting.campaign?.name).toBe(campaign.name);
    expect(waiting.condition).toMatchObject({ signers: 1, threshold: 2, status: "waiting", settledAt: null });

    await confirm(second.email);
    expect(await getTally()).toMatchObject({ total: 2, waiting: 0 });
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 2, waiting: 0 });
    const on = await pageOf(first.email);
    expect(on.condition).toMatchObject({ signers: 2, threshold: 2, status: "on" });
    expect(on.condition?.settledAt).toEqual(expect.any(String));
  });

  test("a ward's condition shows its signers only from 5, as any ward's count", async () => {
    const campaign = await createCampaign({ ...conditionalOffer(6, "ward") });
    const pledgers = Array.from({ length: 5 }, () => campaignPledge(campaign.slug, { conditional: "on" }));
    for (const fields of pledgers) expect(statusOf(await post(fields))).toBe(302);
    for (const fields of pledgers.slice(0, 4)) await confirm(fields.email);
    const few = await pageOf(pledgers[0]!.email);
    expect(few.condition).toMatchObject({ signers: null, threshold: 6, status: "waiting" });
    expect(few.condition?.wardCode).toMatch(/^E05/);
    expect(JSON.stringify(few)).not.toMatch(/"signers":4/);

    await confirm(pledgers[4]!.email);
    expect((await pageOf(pledgers[0]!.email)).condition).toMatchObject({ signers: 5, threshold: 6 });
    expect(await getTally()).toMatchObject({ total: 0, waiting: 5 });
  });

  test("a plain pledge on the same campaign counts at once", async () => {
    const campaign = await createCampaign({ ...conditionalOffer(5) });
    const fields = campaignPledge(campaign.slug);
    await post(fields);
    await confirm(fields.email);
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 1, waiting: 0 });
    expect((await pageOf(fields.email)).condition).toBeNull();
  });

  test("asking to hear of milestones is stored, on the plain form and a campaign's; not asking is stored too", async () => {
    const campaign = await createCampaign();
    const asked = campaignPledge(campaign.slug, { updatesConsent: "on" });
    const plain = { ...validPledge, email: "plain-updates@example.org", updatesConsent: "on" };
    const silent = campaignPledge(campaign.slug);
    for (const fields of [asked, plain, silent]) expect(statusOf(await post(fields))).toBe(302);
    const consent = async (email: string) =>
      (await prisma.pledge.findFirstOrThrow({ where: { email } })).updatesConsent;
    expect(await consent(asked.email)).toBe(true);
    expect(await consent(plain.email)).toBe(true);
    expect(await consent(silent.email)).toBe(false);
  });
});

describe("a campaign that stopped taking pledges between the form and the post", () => {
  test("the pledge is still stored, unattributed, with the campaign's suggestion's words, and not conditional", async () => {
    const finished = await createCampaign({
      startsOn: day(-30),
      endsOn: day(-1),
      ...conditionalOffer(2, "campaign", new Date(Date.now() + 86_400_000)),
    });
    const fields = campaignPledge(finished.slug, { conditional: "on" });
    expect(statusOf(await post(fields))).toBe(302);
    const stored = await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } });
    expect(stored).toMatchObject({ campaignId: null, conditional: false, commitment: CAMPAIGN_WORDS });
    await confirm(fields.email);
    expect(await getTally()).toMatchObject({ total: 1, waiting: 0 });
    expect(await getCampaignTally(finished.id)).toMatchObject({ total: 0 });
  });

  test("conditional pledging closed (deadline passed) while the campaign runs: attributed, counted at once", async () => {
    const campaign = await createCampaign({ ...conditionalOffer(2, "campaign", new Date(Date.now() - 60_000)) });
    const fields = campaignPledge(campaign.slug, { conditional: "on" });
    expect(statusOf(await post(fields))).toBe(302);
    expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } })).toMatchObject({
      campaignId: campaign.id,
      conditional: false,
    });
    await confirm(fields.email);
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 1, waiting: 0 });
  });

  test("a campaign with no conditional offer ignores conditional=on", async () => {
    const campaign = await createCampaign();
    const fields = campaignPledge(campaign.slug, { conditional: "on" });
    expect(statusOf(await post(fields))).toBe(302);
    expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } })).toMatchObject({
      campaignId: campaign.id,
      conditional: false,
    });
  });

  test("a campaign taken back to draft: its suggestion is no longer a choice (400), a quality's suggestion is stored unattributed", async () => {
    const draft = await createCampaign({ status: "draft", publishedAt: null });
    const chosen = await post(campaignPledge(draft.slug));
    expect(statusOf(chosen)).toBe(400);
    expect(fieldErrors(chosen).suggestion).toEqual(["Choose a commitment, or write your own"]);
    const fields = campaignPledge(draft.slug, { suggestion: "values-respect" });
    expect(statusOf(await post(fields))).toBe(302);
    expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } })).toMatchObject({
      campaignId: null,
    });
  });
});

describe("hostile or broken campaign fields", () => {
  test("a campaign value that is no slug is ignored: the pledge is stored for no campaign", async () => {
    await createCampaign();
    for (const campaign of ["../../etc", "CAMPAIGN", "a b", "-x-", "x".repeat(200)]) {
      const fields = campaignPledge(campaign, { suggestion: "values-respect" });
      expect(statusOf(await post(fields)), campaign).toBe(302);
      expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } })).toMatchObject({
        campaignId: null,
      });
    }
  });

  test("a NUL in the campaign is refused before anything is read; a value too long or sent twice is a 400", async () => {
    const campaign = await createCampaign();
    const nul = await post(campaignPledge(`${campaign.slug}\u0000`));
    expect(statusOf(nul)).toBeGreaterThanOrEqual(400);
    expect(statusOf(nul)).toBeLessThan(500);
    expect(statusOf(await post(campaignPledge("x".repeat(201))))).toBe(400);
    expect(statusOf(await post(campaignPledge(campaign.slug, { campaign: [campaign.slug, campaign.slug] })))).toBe(400);
    expect(await prisma.pledge.count()).toBe(0);
  });

  test("conditional=yes is a 400 at the field; a campaign suggestion that does not exist is a 400 at the suggestion", async () => {
    const campaign = await createCampaign({ ...conditionalOffer(2) });
    const yes = await post(campaignPledge(campaign.slug, { conditional: "yes" }));
    expect(statusOf(yes)).toBe(400);
    expect(fieldErrors(yes).conditional).toEqual([expect.any(String)]);
    for (const suggestion of ["campaign-1", "campaign-99999", "campaign--1", "campaign-x", "campaign-"]) {
      const result = await post(campaignPledge(campaign.slug, { suggestion }));
      expect(statusOf(result), suggestion).toBe(400);
      expect(fieldErrors(result).suggestion).toEqual(["Choose a commitment, or write your own"]);
    }
    // Without the campaign, its suggestions are no choice at all.
    const bare = await post({ ...validPledge, email: "bare@example.org", suggestion: "campaign-0" });
    expect(statusOf(bare)).toBe(400);
    expect(await prisma.pledge.count()).toBe(0);
  });
});
