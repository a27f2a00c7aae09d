import type { LoaderFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { beforeEach, describe, expect, test } from "vitest";
import { mapCampaignFrom, mapFilterFrom } from "~/models/map-filter";
import { getMapView } from "~/models/map-view.server";
import { checkMilestones } from "~/models/milestone.server";
import type { PledgeSubmission } from "~/models/pledge";
import { confirmPledge } from "~/models/pledge-confirmation.server";
import { withdrawPledge } from "~/models/pledge-owner.server";
import { createPledge, type PledgeCampaign } from "~/models/pledge-signup.server";
import { createCommitment, reviewOrganisation } from "~/models/organisation.server";
import { rebuildTally, salfordDay } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { createOrganisation } from "../../tests/accounts";
import { conditionalOffer, createCampaign } from "../../tests/campaigns";
import { confirmTokenFor, createConfirmedPledge, TEST_ADMIN } from "../../tests/helpers";
import { loader as campaignLoader } from "./api.campaigns.$slug";
import { loader as campaignsLoader } from "./api.campaigns";
import { loader as tallyLoader } from "./api.tally";
import { loader as seriesLoader } from "./api.tally.series";

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

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

/** GETs an endpoint through its loader, as Remix would, and reads its JSON. */
async function get(loader: Loader, path: string, params: Record<string, string> = {}) {
  const response = await loader({
    request: new Request(`http://localhost:3000${path}`),
    params,
    context: { clientIp: "203.0.113.1" },
  });
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
  return {
    status: response.status,
    cache: response.headers.get("Cache-Control"),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answer is checked field by field
    body: (await response.json()) as any,
  };
}

const campaignAt = (slug: string, query = "") => get(campaignLoader, `/api/campaigns/${slug}${query}`, { slug });

let people = 0;

/** Signs a pledge through the sign-up path (for a campaign or none) and confirms it through its emailed link. */
async function pledge(
  campaign: { id: string; suggestions: string[] } | null,
  options: { wardCode?: string; conditional?: boolean } = {},
) {
  people += 1;
  const email = `person${people}@example.org`;
  const submission = {
    name: `Person ${people}`,
    email,
    postcode: "M5 4WT",
    qualities: ["partnerships", "values"],
    nameDisplay: "initial",
    nudgeConsent: "on",
    suggestion: campaign ? "campaign-0" : "values-respect",
    ...(options.conditional ? { conditional: "on" } : {}),
  } as PledgeSubmission;
  const attribution: PledgeCampaign | null = campaign && { ...campaign, running: true, conditionalOpen: true };
  await createPledge(submission, options.wardCode ?? ordsall, "M5 4WT", attribution);
  expect(await confirmPledge(await confirmTokenFor(email))).toMatchObject({ status: "confirmed" });
  return prisma.pledge.findFirstOrThrow({ where: { email } });
}

test("a campaign's tally, list entry and page agree, with its wards suppressed below 5 and its milestones", async () => {
  const campaign = await createCampaign({ slug: "streets-for-all", name: "Streets for all", target: 20 });
  for (let i = 0; i < 5; i++) await pledge(campaign);
  await pledge(campaign, { wardCode: kersal });
  await pledge(null);
  // 6 of 20 passes the 25% milestone.
  await checkMilestones();

  const tally = await get(tallyLoader, "/api/tally?campaign=streets-for-all");
  expect(tally.status).toBe(200);
  expect(tally.cache).toBe("public, max-age=10, stale-while-revalidate=60");
  expect(tally.body).toMatchObject({
    campaign: { slug: "streets-for-all", name: "Streets for all" },
    total: 6,
    kept: 0,
    waiting: 0,
    byQuality: { partnerships: 6, values: 6, delivery: 0, operations: 0 },
    target: 20,
  });
  expect(Object.keys(tally.body).sort()).toEqual(
    ["byQuality", "byWard", "campaign", "kept", "target", "total", "updatedAt", "waiting"].sort(),
  );
  const ward = (code: string) => tally.body.byWard.find((w: { code: string }) => w.code === code);
  expect(tally.body.byWard).toHaveLength(20);
  expect(ward(ordsall)).toEqual({
    code: ordsall,
    name: "Ordsall",
    pledges: 5,
    perThousand: expect.any(Number),
    fewerThan5: false,
  });
  expect(ward(kersal)).toEqual({
    code: kersal,
    name: expect.any(String),
    pledges: null,
    perThousand: null,
    fewerThan5: true,
  });
  // The city's counts every pledge, the campaign's and the other.
  expect((await get(tallyLoader, "/api/tally")).body).toMatchObject({ total: 7, residents: 7, waiting: 0 });

  const list = await get(campaignsLoader, "/api/campaigns");
  expect(list.status).toBe(200);
  expect(list.body.campaigns).toEqual([
    {
      slug: "streets-for-all",
      name: "Streets for all",
      summary: campaign.summary,
      startsAt: campaign.startsOn.toISOString().slice(0, 10),
      endsAt: campaign.endsOn.toISOString().slice(0, 10),
      phase: "running",
      target: 20,
      total: 6,
      url: "http://localhost:3000/campaigns/streets-for-all",
    },
  ]);

  const page = await campaignAt("streets-for-all");
  expect(page.status).toBe(200);
  expect(page.body).toMatchObject({ ...list.body.campaigns[0], kept: 0, waiting: 0, byQuality: tally.body.byQuality });
  expect(page.body.byWard).toEqual(tally.body.byWard);
  expect(page.body.milestones).toEqual([{ percent: 25, target: 20, count: 6, reachedAt: expect.any(String) }]);
  // It offers no conditional pledges: no conditions to report.
  expect(page.body.conditions).toBeNull();
});

test("conditional pledges wait outside the totals, and a ward's condition below 5 signers is not counted out", async () => {
  const byWard = await createCampaign({ slug: "if-enough-neighbours", ...conditionalOffer(10, "ward") });
  await pledge(byWard, { conditional: true });
  await pledge(byWard, { conditional: true });
  await pledge(byWard);
  const tally = await get(tallyLoader, "/api/tally?campaign=if-enough-neighbours");
  // Two waiting, both in one ward's condition: their count is that ward's, so never published below 5.
  expect(tally.body).toMatchObject({ total: 1, waiting: null });
  expect((await get(tallyLoader, "/api/tally")).body).toMatchObject({ total: 1, waiting: null });
  const page = await campaignAt("if-enough-neighbours");
  expect(page.body).toMatchObject({ total: 1, waiting: null });
  expect(page.body.conditions).toEqual([
    {
      ward: { code: ordsall, name: "Ordsall" },
      signers: null,
      fewerThan5: true,
      threshold: 10,
      deadline: expect.any(String),
      status: "waiting",
    },
  ]);

  // A condition over the whole campaign is not a ward's count: its "x of N" is exact.
  const whole = await createCampaign({ slug: "if-enough-of-us", ...conditionalOffer(10, "campaign") });
  await pledge(whole, { conditional: true, wardCode: kersal });
  await pledge(whole, { conditional: true });
  expect((await campaignAt("if-enough-of-us")).body.conditions).toEqual([
    { ward: null, signers: 2, fewerThan5: false, threshold: 10, deadline: expect.any(String), status: "waiting" },
  ]);
});

test("bySector counts a verified organisation with an active commitment in its sector, once", async () => {
  const organisation = await createOrganisation("sector-count", "pending");
  await createCommitment(organisation.id, {
    quality: "values",
    title: "Pay the Real Living Wage",
    measure: "staff paid it",
    targetKind: "number",
    targetValue: 10,
    unit: "staff",
    targetDate: new Date("2027-04-01"),
  });
  // Pending: not counted yet.
  expect((await get(tallyLoader, "/api/tally")).body.bySector.charity).toBe(0);
  await reviewOrganisation(TEST_ADMIN, organisation.id, "verify");
  await createCommitment(organisation.id, {
    quality: "delivery",
    title: "Host community meetings",
    measure: "meetings held",
    targetKind: "number",
    targetValue: 12,
    unit: "meetings",
    targetDate: new Date("2027-06-01"),
  });
  const { body } = await get(tallyLoader, "/api/tally");
  expect(body.bySector).toEqual({
    "social-enterprise": 0,
    charity: 1,
    "private-business": 0,
    "public-service": 0,
    "community-group": 0,
  });
  expect(body).toMatchObject({ organisations: 1, total: 1 });
});

describe("/api/tally/series", () => {
  const today = salfordDay(new Date());
  const daysAgo = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) - n * 86_400_000);

  test("a pledge counts on the day it was confirmed, and withdrawing it takes it off that day", async () => {
    const earlier = await createConfirmedPledge({
      name: "Ann Lee",
      email: "ann@example.org",
      commitment: "I will shop at the corner shop",
      confirmedAt: daysAgo(3),
    });
    await rebuildTally();
    await pledge(null);
    const threeDaysAgo = salfordDay(daysAgo(3));

    const { status, body } = await get(seriesLoader, "/api/tally/series");
    expect(status).toBe(200);
    // By default, the 90 days to today.
    expect(body.to).toBe(today);
    expect(body.days).toHaveLength(90);
    expect(body.from).toBe(body.days[0].day);
    expect(body.campaign).toBeUndefined();
    const on = (day: string) => body.days.find((d: { day: string }) => d.day === day)?.pledges;
    expect(on(threeDaysAgo)).toBe(1);
    expect(on(today)).toBe(1);
    expect(body.days.reduce((sum: number, d: { pledges: number }) => sum + d.pledges, 0)).toBe(2);

    expect(await withdrawPledge(earlier.id, "ann@example.org")).toBeTruthy();
    const after = await get(seriesLoader, `/api/tally/series?from=${threeDaysAgo}&to=${today}`);
    expect(after.body.days).toEqual([
      { day: threeDaysAgo, pledges: 0 },
      { day: salfordDay(daysAgo(2)), pledges: 0 },
      { day: salfordDay(daysAgo(1)), pledges: 0 },
      { day: today, pledges: 1 },
    ]);
  });

  test("a campaign's series runs from its first day by default and counts only its pledges", async () => {
    const campaign = await createCampaign({ slug: "series-campaign" });
    await pledge(campaign);
    await pledge(null);
    const { body } = await get(seriesLoader, "/api/tally/series?campaign=series-campaign");
    expect(body.campaign).toEqual({ slug: "series-campaign", name: campaign.name });
    expect(body.from).toBe(campaign.startsOn.toISOString().slice(0, 10));
    expect(body.to).toBe(today);
    expect(body.days.at(-1)).toEqual({ day: today, pledges: 1 });
    expect(body.days.reduce((sum: number, d: { pledges: number }) => sum + d.pledges, 0)).toBe(1);
  });

  test("366 days is the longest range; a longer one, a backwards one or a date that does not exist is a 400", async () => {
    const ok = await get(seriesLoader, "/api/tally/series?from=2024-01-01&to=2024-12-31");
    expect(ok.status).toBe(200);
    expect(ok.body.days).toHaveLength(366);
    const refused = {
      "?from=2024-01-01&to=2025-01-01": /at most 366 days/,
      "?from=2026-03-02&to=2026-03-01": /from must be on or before to/,
      "?from=2026-02-30": /from is not a real date/,
      "?to=yesterday": /to must be a date written YYYY-MM-DD/,
      "?from=2026-1-1": /from must be a date written YYYY-MM-DD/,
      "?from=2026-01-01&from=2026-01-02": /Give from only once/,
      "?days=7": /Unknown parameter "days": this address takes from, to, campaign/,
    };
    for (const [query, message] of Object.entries(refused)) {
      const { status, body } = await get(seriesLoader, `/api/tally/series${query}`);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error).toMatch(message);
    }
  });
});

test("a draft, an unknown or a junk slug is a 404 everywhere, and a draft is not listed; an archived campaign is, as past", async () => {
  await createCampaign({ slug: "not-yet", status: "draft", publishedAt: null });
  await createCampaign({ slug: "last-year", status: "archived" });
  for (const slug of ["not-yet", "no-such-campaign", "../../etc/passwd", "Robert'); DROP TABLE campaign;--", ""]) {
    const query = encodeURIComponent(slug);
    for (const answer of [
      await get(tallyLoader, `/api/tally?campaign=${query}`),
      await get(seriesLoader, `/api/tally/series?campaign=${query}`),
      await get(campaignLoader, `/api/campaigns/${query}`, { slug }),
    ]) {
      expect({ slug, status: answer.status }).toEqual({ slug, status: 404 });
      expect(answer.body).toEqual({ error: "There is no public campaign with that slug." });
    }
  }
  const { body } = await get(campaignsLoader, "/api/campaigns");
  expect(body.campaigns.map((c: { slug: string; phase: string }) => [c.slug, c.phase])).toEqual([
    ["last-year", "past"],
  ]);
  expect((await campaignAt("last-year")).status).toBe(200);
});

test("an unknown or repeated parameter is a 400 that says which, on every endpoint", async () => {
  await createCampaign({ slug: "asked-twice" });
  const refused: [Loader, string, Record<string, string>, RegExp][] = [
    [tallyLoader, "/api/tally?callback=x", {}, /Unknown parameter "callback": this address takes campaign/],
    [tallyLoader, "/api/tally?campaign=asked-twice&campaign=asked-twice", {}, /Give campaign only once/],
    [campaignsLoader, "/api/campaigns?page=2", {}, /Unknown parameter "page": this address takes no parameters/],
    [
      campaignLoader,
      "/api/campaigns/asked-twice?__proto__=x",
      { slug: "asked-twice" },
      /Unknown parameter "__proto__"/,
    ],
    [tallyLoader, `/api/tally?campaign=${"a".repeat(201)}`, {}, /campaign is too long/],
    [tallyLoader, "/api/tally?%3Cimg%20src%3Dx%3E=1", {}, /^Unknown parameter: this address takes campaign$/],
  ];
  for (const [loader, path, params, message] of refused) {
    const { status, body } = await get(loader, path, params);
    expect({ path, status }).toEqual({ path, status: 400 });
    expect(body.error).toMatch(message);
  }
});

test("no query string, however made, gets a 5xx or its own markup back from any of them", async () => {
  await createCampaign({ slug: "hostile-target" });
  const value = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("hostile-target", "2026-02-29", "2024-02-29", "0000-01-01", "9999-12-31", "", "<img src=x>"),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const key = fc.oneof(
    fc.constantFrom("from", "to", "campaign", "__proto__", "constructor"),
    fc.string({ maxLength: 8 }),
  );
  const query = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
  const endpoints: [Loader, string, Record<string, string>][] = [
    [tallyLoader, "/api/tally", {}],
    [seriesLoader, "/api/tally/series", {}],
    [campaignsLoader, "/api/campaigns", {}],
    [campaignLoader, "/api/campaigns/hostile-target", { slug: "hostile-target" }],
  ];
  await fc.assert(
    fc.asyncProperty(query, fc.constantFrom(...endpoints), async (q, [loader, path, params]) => {
      const response = await loader({
        request: new Request(`http://localhost:3000${path}?${q}`),
        params,
        context: { clientIp: "203.0.113.1" },
      });
      expect(response.status).toBeLessThan(500);
      expect(await response.text()).not.toContain("<img");
    }),
    { numRuns: 150 },
  );
});

describe("/map?campaign=", () => {
  // What the map's loader reads (its route module loads Leaflet, which needs a browser).
  const map = async (query: string) => {
    const url = new URL(`http://localhost:3000/map${query}`);
    const view = await getMapView(mapFilterFrom(url).data!, mapCampaignFrom(url));
    return { ...view, ordsall: view.figures.find((f) => f.code === ordsall)!.pledges };
  };

  test("shades the wards and fills the table with the campaign's pledges alone, under a quality filter too", async () => {
    const campaign = await createCampaign({ slug: "map-campaign", name: "Map campaign" });
    for (let i = 0; i < 5; i++) await pledge(campaign);
    for (let i = 0; i < 3; i++) await pledge(null);

    const city = await map("");
    expect(city.ordsall).toBe(8);
    expect(city.campaign).toBeUndefined();
    expect(city.campaignOptions).toEqual([{ value: "map-campaign", label: "Map campaign" }]);

    const own = await map("?campaign=map-campaign");
    expect(own.campaign).toEqual({ slug: "map-campaign", name: "Map campaign", phase: "running" });
    expect(own.campaignNotFound).toBe(false);
    expect(own.ordsall).toBe(5);
    // Sorting keeps the campaign.
    expect(own.filter).toMatchObject({ campaign: "map-campaign" });

    // Its pledges show partnerships and values, none delivery: under delivery, fewer than 5.
    expect((await map("?campaign=map-campaign&quality=values")).ordsall).toBe(5);
    expect((await map("?campaign=map-campaign&quality=delivery")).ordsall).toBeNull();
  });

  test("an unknown, draft or junk campaign shows every pledge with a notice, never an error; a finished one still filters", async () => {
    await createCampaign({ slug: "draft-map", status: "draft", publishedAt: null });
    const finished = await createCampaign({ slug: "finished-map", status: "archived" });
    for (let i = 0; i < 5; i++) await pledge(null);
    for (const slug of ["draft-map", "no-such-campaign", "%3Cscript%3E", "a".repeat(500)]) {
      const shown = await map(`?campaign=${slug}`);
      expect({ slug, notFound: shown.campaignNotFound, campaign: shown.campaign }).toEqual({
        slug,
        notFound: true,
        campaign: undefined,
      });
      expect(shown.ordsall).toBe(5);
      expect(shown.filter.campaign).toBeUndefined();
    }
    const past = await map("?campaign=finished-map");
    expect(past.campaign).toEqual({ slug: "finished-map", name: finished.name, phase: "past" });
    expect(past.ordsall).toBeNull();
    expect(past.campaignOptions).toEqual([{ value: "finished-map", label: `${finished.name} (finished)` }]);
  });
});
