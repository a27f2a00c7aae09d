import { beforeEach, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { conditionalOffer, createCampaign } from "../../tests/campaigns";
import { confirmTokenFor } from "../../tests/helpers";
import { renderQueuedEmail } from "./email-queue.server";
import { checkMilestones, listMilestones } from "./milestone.server";
import type { PledgeSubmission } from "./pledge";
import { getConditionProgress, settleDueConditions } from "./pledge-condition.server";
import { confirmPledge } from "./pledge-confirmation.server";
import { markPledgeDone, withdrawPledge } from "./pledge-owner.server";
import { listConfirmedPledges } from "./pledge-read.server";
import { createPledge, type PledgeCampaign } from "./pledge-signup.server";
import { checkTally, getCampaignTally, getDailySeries, getTally, rebuildTally, salfordDay } from "./tally.server";

const ordsall = "E05013028";
const kersal = "E05013025";

beforeEach(async () => {
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
  await prisma.milestone.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.organisation.deleteMany();
});

let people = 0;

/** Signs a pledge through the sign-up path and confirms it through its emailed link; returns the pledge. */
async function pledgeFor(
  campaign: { id: string; suggestions: string[] } | null,
  options: { conditional?: boolean; updates?: boolean; wardCode?: string; confirm?: boolean } = {},
) {
  people += 1;
  const email = `person${people}@example.org`;
  const submission = {
    name: `Person ${people}`,
    email,
    postcode: "M5 4WT",
    qualities: ["partnerships"],
    nameDisplay: "initial",
    nudgeConsent: "on",
    suggestion: campaign ? "campaign-0" : "values-respect",
    ...(options.conditional ? { conditional: "on" } : {}),
    ...(options.updates ? { updatesConsent: "on" } : {}),
  } as PledgeSubmission;
  const attribution: PledgeCampaign | null = campaign && { ...campaign, running: true, conditionalOpen: true };
  await createPledge(submission, options.wardCode ?? ordsall, "M5 4WT", attribution);
  const token = await confirmTokenFor(email);
  if (options.confirm !== false) expect(await confirmPledge(token)).toMatchObject({ status: "confirmed" });
  return { email, token, pledge: await prisma.pledge.findFirstOrThrow({ where: { email } }) };
}

async function recountAgrees() {
  expect((await checkTally()).differences).toEqual([]);
}

const wall = async () => (await listConfirmedPledges({ page: 1 })).pledges.map((p) => [p.id, p.waiting]);

const emailsTo = async (template: string) =>
  (await prisma.emailMessage.findMany({ where: { template }, select: { toAddress: true } })).map((m) => m.toAddress);

test("a pledge made for a campaign counts in the campaign's tally and the city's, on the day it was confirmed", async () => {
  const campaign = await createCampaign();
  await pledgeFor(campaign);
  await pledgeFor(campaign, { wardCode: kersal });
  await pledgeFor(null);

  const city = await getTally();
  expect(city).toMatchObject({ total: 3, residents: 3, waiting: 0 });
  const own = await getCampaignTally(campaign.id);
  expect(own).toMatchObject({ total: 2, waiting: 0, byQuality: { partnerships: 2, values: 0 } });
  // Two wards with one each: both under 5, so neither number is published.
  expect(own.byWard.filter((w) => w.fewerThan5 && w.pledges === null).length).toBe(20);
  const stored = await prisma.pledge.findFirstOrThrow({ where: { campaignId: campaign.id } });
  expect(stored.commitment).toBe(campaign.suggestions[0]);

  const today = salfordDay(new Date());
  expect(await getDailySeries({ from: today, to: today })).toEqual([{ day: today, pledges: 3 }]);
  expect(await getDailySeries({ from: today, to: today, campaignId: campaign.id })).toEqual([
    { day: today, pledges: 2 },
  ]);
  await recountAgrees();
});

test("a conditional pledge waits, counted apart, until the threshold; then every signer switches on at once with one email each", async () => {
  const campaign = await createCampaign({ ...conditionalOffer(3) });
  const first = await pledgeFor(campaign, { conditional: true });
  await pledgeFor(campaign, { conditional: true });
  expect(await getTally()).toMatchObject({ total: 0, waiting: 2 });
  expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 0, waiting: 2 });
  expect(await getConditionProgress(first.pledge.conditionId)).toMatchObject({
    signers: 2,
    threshold: 3,
    status: "waiting",
  });
  expect(await emailsTo("condition-met")).toEqual([]);
  await recountAgrees();

  await pledgeFor(campaign, { conditional: true });
  expect(await getTally()).toMatchObject({ total: 3, waiting: 0 });
  expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 3, waiting: 0 });
  expect((await emailsTo("condition-met")).sort()).toEqual(
    [first.email, `person${people - 1}@example.org`, `person${people}@example.org`].sort(),
  );
  expect(await getConditionProgress(first.pledge.conditionId)).toMatchObject({ signers: 3, status: "on" });

  // A fourth joins a condition already on: counted at once, no second "It's on" for anyone.
  await pledgeFor(campaign, { conditional: true });
  expect(await getTally()).toMatchObject({ total: 4, waiting: 0 });
  expect(await emailsTo("condition-met")).toHaveLength(3);
  await recountAgrees();
});

test("the Nth and N+1th confirmations at the same instant switch the condition on once: nobody emailed twice or counted twice", async () => {
  // Several rounds, so the two transactions really do meet on the condition's row.
  for (let round = 0; round < 4; round++) {
    const campaign = await createCampaign({ ...conditionalOffer(4) });
    for (let i = 0; i < 3; i++) await pledgeFor(campaign, { conditional: true });
    const nth = await pledgeFor(campaign, { conditional: true, confirm: false });
    const next = await pledgeFor(campaign, { conditional: true, confirm: false });
    const results = await Promise.all([confirmPledge(nth.token), confirmPledge(next.token)]);
    expect(results.map((r) => r.status)).toEqual(["confirmed", "confirmed"]);

    const met = await prisma.emailMessage.findMany({
      where: {
        template: "condition-met",
        pledgeId: { in: (await prisma.pledge.findMany({ where: { campaignId: campaign.id } })).map((p) => p.id) },
      },
      select: { toAddress: true },
    });
    // The first four in (whichever of the two committed first) each hear once; the fifth joined it on.
    expect(met).toHaveLength(4);
    expect(new Set(met.map((m) => m.toAddress)).size).toBe(4);
    expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 5, waiting: 0 });
  }
  expect(await getTally()).toMatchObject({ total: 20, waiting: 0 });
  await recountAgrees();
});

test("at the deadline a waiting condition lapses: one 'Not this time' each, however many workers settle it, and nothing counts", async () => {
  const campaign = await createCampaign({ ...conditionalOffer(5, "ward") });
  const a = await pledgeFor(campaign, { conditional: true });
  const b = await pledgeFor(campaign, { conditional: true });
  // Another ward waits in a condition of its own.
  const c = await pledgeFor(campaign, { conditional: true, wardCode: kersal });
  expect(a.pledge.conditionId).toBe(b.pledge.conditionId);
  expect(c.pledge.conditionId).not.toBe(a.pledge.conditionId);
  expect(await getTally()).toMatchObject({ total: 0, waiting: 3 });

  // On the wall while they wait, marked as waiting.
  expect((await wall()).sort()).toEqual(
    [
      [a.pledge.id, true],
      [b.pledge.id, true],
      [c.pledge.id, true],
    ].sort(),
  );

  // Signed in time, its link pressed only after the condition lapsed.
  const late = await pledgeFor(campaign, { conditional: true, confirm: false });

  const afterDeadline = new Date(Date.now() + 8 * 86_400_000);
  const settled = await Promise.all([settleDueConditions(afterDeadline), settleDueConditions(afterDeadline)]);
  expect(settled[0] + settled[1]).toBe(2);
  expect((await emailsTo("condition-lapsed")).sort()).toEqual([a.email, b.email, c.email].sort());
  expect(await getTally()).toMatchObject({ total: 0, waiting: 0 });
  expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 0, waiting: 0 });
  expect(await settleDueConditions(afterDeadline)).toBe(0);
  expect(await emailsTo("condition-lapsed")).toHaveLength(3);
  // The late one hears once too, and never counts.
  expect(await confirmPledge(late.token)).toMatchObject({ status: "confirmed" });
  expect((await emailsTo("condition-lapsed")).filter((to) => to === late.email)).toHaveLength(1);
  expect(await emailsTo("pledge-confirmed")).not.toContain(late.email);
  expect(await getTally()).toMatchObject({ total: 0, waiting: 0 });
  // Lapsed, they never counted: they leave the wall.
  expect(await wall()).toEqual([]);
  await recountAgrees();
});

test("withdrawing a waiting pledge takes it out of 'waiting' and of the x of N; done and withdrawn campaign pledges move both tallies", async () => {
  const campaign = await createCampaign({ ...conditionalOffer(3) });
  const waiting = await pledgeFor(campaign, { conditional: true });
  await pledgeFor(campaign, { conditional: true });
  expect(await withdrawPledge(waiting.pledge.id, waiting.email)).toBe(true);
  expect(await getTally()).toMatchObject({ total: 0, waiting: 1 });
  expect(await getConditionProgress(waiting.pledge.conditionId)).toMatchObject({ signers: 1 });

  const plain = await pledgeFor(campaign);
  expect(await markPledgeDone(plain.pledge.id, plain.email)).toBe(true);
  expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 1, kept: 1 });
  expect(await getTally()).toMatchObject({ total: 1, kept: 1 });
  await recountAgrees();
  expect(await withdrawPledge(plain.pledge.id, plain.email)).toBe(true);
  expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 0, kept: 0 });
  expect(await getTally()).toMatchObject({ total: 0, kept: 0, waiting: 1 });
  await recountAgrees();
  // The rebuild from the pledges themselves gives what the changes gave.
  await rebuildTally();
  expect(await getTally()).toMatchObject({ total: 0, kept: 0, waiting: 1 });
});

test("a milestone sends one email to each pledger who asked, once, even when two workers see it cross together", async () => {
  const campaign = await createCampaign({ target: 4 });
  const asked = await pledgeFor(campaign, { updates: true });
  await pledgeFor(campaign);
  expect(asked.pledge.updatesConsent).toBe(true);

  const [one, two] = await Promise.all([checkMilestones(), checkMilestones()]);
  const passed = [...one, ...two].filter((p) => p.scope === campaign.id);
  expect(passed).toEqual([{ scope: campaign.id, percents: [25, 50] }]);
  const sent = await prisma.emailMessage.findMany({ where: { template: "milestone" } });
  expect(sent.map((m) => m.toAddress)).toEqual([asked.email]);
  expect(sent[0]!.props).toMatchObject({ percent: 50, count: 2, target: 4, campaignName: campaign.name });
  expect(sent[0]!.category).toBe("updates");
  // Its own category, with one-click unsubscribe (RFC 8058).
  const rendered = renderQueuedEmail({ ...sent[0]!, to: sent[0]!.toAddress });
  expect(rendered.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  expect(rendered.headers["List-Unsubscribe"]).toMatch(/\/unsubscribe\//);
  expect(rendered.subject).toBe(`${campaign.name} is 50% of the way`);
  expect((await listMilestones(campaign.id)).map((m) => m.percent)).toEqual([25, 50]);

  // Nothing new: nothing sent.
  await checkMilestones();
  expect(await prisma.emailMessage.count({ where: { template: "milestone" } })).toBe(1);
  await pledgeFor(campaign, { updates: true });
  await pledgeFor(campaign);
  await checkMilestones();
  const hundred = await prisma.emailMessage.findMany({
    where: { template: "milestone", props: { path: ["percent"], equals: 100 } },
  });
  expect(hundred.map((m) => m.toAddress).sort()).toEqual([asked.email, `person${people - 1}@example.org`].sort());
});

test("verified organisations with an active commitment count in their sector", async () => {
  const { createOrganisation, createCommitment } = await import("../../tests/accounts");
  const { recountOrganisation } = await import("./tally.server");
  const organisation = await createOrganisation("sector-count");
  await createCommitment(organisation.id);
  await prisma.$transaction((tx) => recountOrganisation(tx, organisation.id));
  expect((await getTally()).bySector).toMatchObject({ charity: 1, "social-enterprise": 0 });
  await recountAgrees();
});

test("a conditional pledge is nudged only once it is on, counting its days from then", async () => {
  const { queueDueNudges } = await import("./nudge.server");
  const campaign = await createCampaign({ ...conditionalOffer(2) });
  const first = await pledgeFor(campaign, { conditional: true });
  const in8Days = new Date(Date.now() + 8 * 86_400_000);
  // Waiting: a week on, no nudge.
  expect((await queueDueNudges(in8Days)).emails).toBe(0);
  // On from now (the second signer): the first nudge is due a week from now, not from when the first confirmed.
  await prisma.pledge.update({
    where: { id: first.pledge.id },
    data: { confirmedAt: new Date(Date.now() - 6 * 86_400_000) },
  });
  await pledgeFor(campaign, { conditional: true });
  expect((await queueDueNudges(new Date(Date.now() + 2 * 86_400_000))).emails).toBe(0);
  expect((await queueDueNudges(in8Days)).emails).toBe(2);
});

test("example pledges in a condition count when it switches on or lapses, but are never emailed", async () => {
  const campaign = await createCampaign({ ...conditionalOffer(2) });
  const example = await pledgeFor(campaign, { conditional: true });
  await prisma.pledge.update({ where: { id: example.pledge.id }, data: { isExample: true } });
  const real = await pledgeFor(campaign, { conditional: true });
  expect(await getTally()).toMatchObject({ total: 2, waiting: 0 });
  expect(await emailsTo("condition-met")).toEqual([real.email]);
});
