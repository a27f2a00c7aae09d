/**
 * The public campaign pages as their loaders answer: what is not a published
 * campaign is "not here" (404, never a 500), the body's Markdown cannot carry
 * script, a ward with fewer than 5 of the campaign's pledges shows no number,
 * and the campaign's newest pledges are its own.
 */
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, expect, test } from "vitest";
import { conditionalOffer, createCampaign } from "../../tests/campaigns";
import { loaderArgs, settle } from "../../tests/helpers";
import { celebration } from "~/components/campaign-milestones";
import { Markdown } from "~/components/markdown";
import { rebuildTally, salfordDay } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { loader as campaignLoader } from "./campaigns.$slug";
import { loader as campaignsLoader } from "./campaigns._index";
import { loader as homeLoader } from "./_index";
import { CITY_SCOPE } from "~/models/milestone.server";

beforeEach(async () => {
  await prisma.pledge.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.milestone.deleteMany();
  await rebuildTally();
});

const campaignPage = (slug: string) => settle(() => campaignLoader(loaderArgs(`/campaigns/${slug}`, { slug })));

/** Confirmed pledges made for a campaign (or none), in one ward, counted as confirming them would. */
async function campaignPledges(
  campaignId: string | null,
  wardSlug: string,
  count: number,
  label = "Person",
  condition: { conditionId: string } | null = null,
) {
  const ward = await prisma.ward.findFirstOrThrow({ where: { slug: wardSlug } });
  await prisma.pledge.createMany({
    data: Array.from({ length: count }, (_, i) => {
      const id = randomUUID();
      return {
        id,
        name: `${label} ${i}`,
        nameDisplay: "full",
        email: `${id}@example.org`,
        emailNormalised: `${id}@example.org`,
        postcode: "M5 4WT",
        wardCode: ward.code,
        qualities: ["partnerships"],
        commitment: `${label} will do thing number ${i}`,
        commitmentKey: `${label} will do thing number ${i}`.toLowerCase(),
        nudgeConsent: true,
        newsConsent: false,
        campaignId,
        conditional: condition !== null,
        conditionId: condition?.conditionId ?? null,
        confirmedAt: new Date(),
      };
    }),
  });
  await rebuildTally();
  return ward;
}

test("a published campaign's page answers with it; a draft's, an unknown slug and junk are 404, never a 500", async () => {
  const published = await createCampaign();
  const draft = await createCampaign({ status: "draft", publishedAt: null });

  const page = await campaignPage(published.slug);
  expect(page).not.toBeInstanceOf(Response);
  expect(page).toMatchObject({ campaign: { slug: published.slug, name: published.name, phase: "running" } });

  for (const slug of [draft.slug, "no-such-campaign", "../../etc/passwd", "a".repeat(500), "%00", "Robert'); DROP"]) {
    const answer = await campaignPage(slug);
    expect(answer, slug).toBeInstanceOf(Response);
    expect((answer as Response).status, slug).toBe(404);
  }

  // The list shows the published one only.
  const list = await campaignsLoader();
  expect(list.running.map((c) => c.campaign.slug)).toEqual([published.slug]);
  expect(JSON.stringify(list)).not.toContain(draft.slug);
});

test("the campaigns page groups campaigns as running, upcoming and past, each with its own total", async () => {
  const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);
  const running = await createCampaign();
  const upcoming = await createCampaign({ startsOn: day(10), endsOn: day(40) });
  const past = await createCampaign({ startsOn: day(-40), endsOn: day(-10) });
  const archived = await createCampaign({ status: "archived" });
  await campaignPledges(running.id, "ordsall", 3);

  const list = await campaignsLoader();
  expect(list.running).toEqual([
    expect.objectContaining({ campaign: expect.objectContaining({ id: running.id }), total: 3 }),
  ]);
  expect(list.upcoming.map((c) => c.campaign.id)).toEqual([upcoming.id]);
  expect(list.past.map((c) => c.campaign.id).sort()).toEqual([past.id, archived.id].sort());
});

test("the body's Markdown is rendered without raw HTML, and a javascript: link loses its address", async () => {
  const campaign = await createCampaign({
    body: [
      "# Why it matters",
      "",
      'Join us. <script>alert("body")</script>',
      "",
      '<img src="x" onerror="alert(2)">',
      "",
      "[Click me](javascript:alert(1)) or [read the report](https://example.org/report) and **come along**.",
    ].join("\n"),
  });
  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);

  const html = renderToStaticMarkup(createElement(Markdown, null, page.campaign.body));
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/javascript:/i);
  expect(html).not.toMatch(/onerror|<img/i);
  // What was inside the tags may stay, as words: escaped text runs nothing.
  expect(html).not.toMatch(/<[^>]*alert/);
  // The words stay, the safe link stays a link, and the page keeps its only h1.
  expect(html).toContain("Click me");
  expect(html).toContain('<a href="https://example.org/report">read the report</a>');
  expect(html).toContain("<strong>come along</strong>");
  expect(html).toContain("<h2>Why it matters</h2>");
});

test("the campaign's ward figures under 5 say only 'fewer than 5', never the number", async () => {
  const campaign = await createCampaign();
  const ordsall = await campaignPledges(campaign.id, "ordsall", 5);
  const eccles = await campaignPledges(campaign.id, "eccles", 3);
  // Pledges not made for the campaign are not its figures.
  await campaignPledges(null, "eccles", 4, "Other");

  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);
  expect(page.total).toBe(8);
  const ward = (code: string) => page.wards.find((w) => w.code === code)!;
  expect(ward(ordsall.code)).toMatchObject({ pledges: 5, fewerThan5: false });
  expect(ward(eccles.code)).toMatchObject({ pledges: null, perThousand: null, fewerThan5: true });

  // A campaign with focus wards still shows every ward: its pledges count wherever they were made.
  await prisma.campaign.update({ where: { id: campaign.id }, data: { wardCodes: [eccles.code] } });
  const focused = await campaignPage(campaign.slug);
  if (focused instanceof Response) throw new Error(`the page answered ${focused.status}`);
  expect(focused.wards).toHaveLength(20);
  expect(focused.wards.find((w) => w.code === ordsall.code)).toMatchObject({ pledges: 5 });
});

test("the newest pledges on a campaign's page are that campaign's only, newest first", async () => {
  const campaign = await createCampaign();
  const other = await createCampaign();
  await campaignPledges(campaign.id, "ordsall", 2, "Ours");
  await campaignPledges(other.id, "ordsall", 2, "Theirs");
  await campaignPledges(null, "ordsall", 2, "Nobody");

  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);
  expect(page.pledges).toHaveLength(2);
  expect(page.pledges.every((p) => p.campaignId === campaign.id)).toBe(true);
  expect(page.pledges.map((p) => p.commitment).sort()).toEqual([
    "Ours will do thing number 0",
    "Ours will do thing number 1",
  ]);
});

test("the campaign's chart runs from its start to today, adding up the days its pledges counted", async () => {
  const campaign = await createCampaign();
  await campaignPledges(campaign.id, "ordsall", 3);

  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);
  // From its first day to today (Salford's), every day present; the three counted today.
  const today = salfordDay(new Date());
  expect(page.growth[0]!.day).toBe(page.campaign.startsOn);
  expect(page.growth.at(-1)!.day).toBe(today);
  expect(page.growth).toHaveLength((Date.parse(today) - Date.parse(page.campaign.startsOn)) / 86_400_000 + 1);
  expect(page.growth.at(-1)).toMatchObject({ added: 3, total: 3 });
  expect(page.growth.slice(0, -1).every((p) => p.total === 0)).toBe(true);
});

test("a finished campaign's chart runs on to the last day a pledge began to count, so it ends at its total", async () => {
  const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);
  const campaign = await createCampaign({ startsOn: day(-20), endsOn: day(-3) });
  // Made while it ran, confirmed today (a link pressed after its end).
  await campaignPledges(campaign.id, "ordsall", 2);

  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);
  expect(page.campaign.phase).toBe("past");
  expect(page.growth.at(-1)).toMatchObject({ day: salfordDay(new Date()), total: page.total });
  expect(page.total).toBe(2);
});

test("conditional pledges waiting are counted apart; each condition says 'x of N', a ward's named, its x only from 5", async () => {
  const campaign = await createCampaign(conditionalOffer(10, "ward"));
  const ordsall = await prisma.ward.findFirstOrThrow({ where: { slug: "ordsall" } });
  const condition = await prisma.pledgeCondition.create({
    data: {
      id: randomUUID(),
      campaignId: campaign.id,
      wardCode: ordsall.code,
      threshold: 10,
      deadline: campaign.conditionalDeadline!,
    },
  });
  await campaignPledges(campaign.id, "ordsall", 2, "Waiting", { conditionId: condition.id });
  await campaignPledges(campaign.id, "ordsall", 1, "Plain");

  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);
  // Two waiting in one ward's condition: published as fewer than 5, as the ward's signers are.
  expect(page).toMatchObject({ total: 1, waiting: null });
  expect(page.campaign.conditional).toMatchObject({ threshold: 10, scope: "ward" });
  // Two signers in one ward is a ward's count under 5: not published.
  expect(page.conditions).toEqual([
    expect.objectContaining({
      wardCode: ordsall.code,
      place: ordsall.name,
      signers: null,
      threshold: 10,
      status: "waiting",
    }),
  ]);
  expect(JSON.stringify(page.conditions)).not.toMatch(/"signers":2/);

  // From 5 the number shows.
  await campaignPledges(campaign.id, "ordsall", 3, "More", { conditionId: condition.id });
  const five = await campaignPage(campaign.slug);
  if (five instanceof Response) throw new Error(`the page answered ${five.status}`);
  expect(five).toMatchObject({ waiting: 5, conditions: [{ place: ordsall.name, signers: 5, threshold: 10 }] });

  // A whole campaign's condition is no ward's count: its signers show from 1.
  const whole = await createCampaign(conditionalOffer(10, "campaign"));
  const wholeCondition = await prisma.pledgeCondition.create({
    data: { id: randomUUID(), campaignId: whole.id, wardCode: "", threshold: 10, deadline: whole.conditionalDeadline! },
  });
  await campaignPledges(whole.id, "ordsall", 2, "Whole", { conditionId: wholeCondition.id });
  const wholePage = await campaignPage(whole.slug);
  if (wholePage instanceof Response) throw new Error(`the page answered ${wholePage.status}`);
  expect(wholePage.conditions).toEqual([expect.objectContaining({ wardCode: "", place: null, signers: 2 })]);
});

test("a campaign's milestones: each percentage with the pledges it takes, the ones passed dated, the latest celebrated", async () => {
  const campaign = await createCampaign({ target: 10, milestones: [50, 25, 100] });
  await prisma.milestone.createMany({
    data: [
      { scope: campaign.id, percent: 25, target: 10, count: 3, reachedAt: new Date("2026-11-20T10:00:00Z") },
      { scope: campaign.id, percent: 50, target: 10, count: 5, reachedAt: new Date("2026-11-27T10:00:00Z") },
    ],
  });
  const page = await campaignPage(campaign.slug);
  if (page instanceof Response) throw new Error(`the page answered ${page.status}`);
  expect(page.milestones).toEqual([
    { percent: 25, pledges: 3, reachedAt: "2026-11-20T10:00:00.000Z" },
    { percent: 50, pledges: 5, reachedAt: "2026-11-27T10:00:00.000Z" },
    { percent: 100, pledges: 10, reachedAt: null },
  ]);
  expect(page.latestMilestone).toMatchObject({ percent: 50 });
  expect(celebration(page.latestMilestone!)).toBe("We passed 50% of our target on 27 November 2026.");
});

test("the home page shows the running campaigns with their totals, the city's milestones newest first, and 90 days of growth up to every pledge counted", async () => {
  const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);
  const running = await createCampaign();
  await createCampaign({ startsOn: day(10), endsOn: day(40) });
  await campaignPledges(running.id, "ordsall", 2);
  await campaignPledges(null, "eccles", 3);
  await prisma.milestone.createMany({
    data: [
      { scope: CITY_SCOPE, percent: 25, target: 20, count: 5, reachedAt: new Date("2026-11-20T10:00:00Z") },
      { scope: CITY_SCOPE, percent: 50, target: 20, count: 10, reachedAt: new Date("2026-11-28T10:00:00Z") },
      // A campaign's milestone is not the city's.
      { scope: running.id, percent: 75, target: 100, count: 75 },
    ],
  });

  const home = await homeLoader();
  expect(home.campaigns).toEqual([
    expect.objectContaining({ campaign: expect.objectContaining({ id: running.id }), total: 2 }),
  ]);
  expect(home.milestones.map((m) => m.percent)).toEqual([50, 25]);
  expect(celebration(home.milestones[0]!)).toBe("We passed 50% of our target on 28 November 2026.");
  expect(home.growth).toHaveLength(90);
  expect(home.growth.at(-1)).toMatchObject({ day: salfordDay(new Date()), added: 5, total: 5 });
  // The live figures are still there.
  expect(home.tally).toMatchObject({ residents: 5 });
});
