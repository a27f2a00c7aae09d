import type { Page } from "@playwright/test";
import { EXAMPLE_CAMPAIGN_SLUG } from "../../app/models/example-data";
import { expect, expectAccessible, test } from "./fixtures";

type WardFeature = {
  properties: { code: string; name: string; pledges: number | null; perThousand: number | null; fewerThan5: boolean };
};

async function wardFills(page: Page) {
  const shapes = page.locator("path.ward-shape");
  await expect(shapes).toHaveCount(20);
  return shapes.evaluateAll((paths) => paths.map((p) => `${p.getAttribute("aria-label")}=${p.getAttribute("fill")}`));
}

test("/map draws the 20 wards and the city boundary, with the attribution", async ({ page }, testInfo) => {
  await page.goto("/map");
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  await expect(page.locator(".leaflet-control-attribution")).toContainText("Crown copyright");
  await expect(page.getByText("Pledges per 1,000 residents", { exact: true })).toBeVisible();
  const screenshot = await page.locator(".map-layout").screenshot({ path: testInfo.outputPath("map.png") });
  await testInfo.attach("map", { body: screenshot, contentType: "image/png" });
  await expectAccessible(page);
});

test("a quality filter changes the shading and the URL", async ({ page }) => {
  await page.goto("/map");
  const before = await wardFills(page);
  await page.getByLabel("Quality").selectOption("partnerships");
  await page.getByRole("button", { name: "Show on the map" }).click();
  await expect(page).toHaveURL(/\?quality=partnerships/);
  await expect.poll(() => wardFills(page)).not.toEqual(before);
  // The shared URL opens the same filtered map.
  await page.goto("/map?quality=partnerships");
  await expect(page.getByLabel("Quality")).toHaveValue("partnerships");
});

test("the map draws the figures its page already has: no second request for them, before or after a filter", async ({
  page,
}) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await page.goto("/map");
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  await page.getByLabel("Quality").selectOption("delivery");
  await page.getByRole("button", { name: "Show on the map" }).click();
  await expect(page).toHaveURL(/\?quality=delivery/);
  await expect(page.getByLabel("Quality")).toHaveValue("delivery");
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  // The filtered figures came with the page's own data (Remix fetches that for the new URL).
  expect(requested.filter((path) => path.startsWith("/map")).length).toBeGreaterThanOrEqual(2);
  expect(requested.filter((path) => path.startsWith("/api/"))).toEqual([]);
});

test("the table carries the same figures as /api/wards.geojson, and no count below 5", async ({ page }) => {
  for (const query of ["", "?quality=delivery"]) {
    await page.goto(`/map${query}`);
    const geojson = (await (await page.request.get(`/api/wards.geojson${query}`)).json()) as {
      features: WardFeature[];
    };
    expect(geojson.features).toHaveLength(20);
    for (const { properties: ward } of geojson.features) {
      const cells = page.locator(`tr[data-ward="${ward.code}"] td`);
      if (ward.fewerThan5) {
        expect(ward.pledges).toBeNull();
        await expect(cells.nth(0)).toHaveText("fewer than 5");
      } else {
        expect(ward.pledges).toBeGreaterThanOrEqual(5);
        await expect(cells.nth(0)).toHaveText(ward.pledges!.toLocaleString("en-GB"));
        await expect(cells.nth(1)).toHaveText(ward.perThousand!.toLocaleString("en-GB"));
      }
    }
  }
  const tally = (await (await page.request.get("/api/tally")).json()) as { byWard: { pledges: number | null }[] };
  for (const ward of tally.byWard) expect(ward.pledges === null || ward.pledges >= 5).toBe(true);
});

test("/map?campaign= shades and tabulates that campaign's pledges alone, names it and links to it", async ({
  page,
}) => {
  const campaign = (await (await page.request.get(`/api/campaigns/${EXAMPLE_CAMPAIGN_SLUG}`)).json()) as {
    name: string;
    byWard: WardFeature["properties"][];
  };
  await page.goto("/map");
  const city = await wardFills(page);
  await page.getByLabel("Campaign").selectOption(EXAMPLE_CAMPAIGN_SLUG);
  await page.getByRole("button", { name: "Show on the map" }).click();
  await expect(page).toHaveURL(new RegExp(`campaign=${EXAMPLE_CAMPAIGN_SLUG}`));
  const named = page.getByTestId("map-campaign");
  await expect(named).toContainText(`only the pledges made for the campaign ${campaign.name}`);
  await expect(named.getByRole("link", { name: campaign.name })).toHaveAttribute(
    "href",
    `/campaigns/${EXAMPLE_CAMPAIGN_SLUG}`,
  );
  await expect.poll(() => wardFills(page)).not.toEqual(city);
  // The table carries the campaign's figures, as its API publishes them (never a count below 5).
  for (const ward of campaign.byWard)
    await expect(page.locator(`tr[data-ward="${ward.code}"] td`).nth(0)).toHaveText(
      ward.fewerThan5 ? "fewer than 5" : ward.pledges!.toLocaleString("en-GB"),
    );
  await expectAccessible(page, "/map");

  // A quality keeps the campaign; "Show every pledge" keeps the quality.
  await page.getByLabel("Quality").selectOption("partnerships");
  await page.getByRole("button", { name: "Show on the map" }).click();
  await expect(page).toHaveURL(/quality=partnerships/);
  await expect(page).toHaveURL(new RegExp(`campaign=${EXAMPLE_CAMPAIGN_SLUG}`));
  await expect(page.getByLabel("Campaign")).toHaveValue(EXAMPLE_CAMPAIGN_SLUG);
  await page.getByRole("link", { name: "Show every pledge" }).click();
  await expect(page).toHaveURL(/\/map\?quality=partnerships$/);
  await expect(page.getByTestId("map-campaign")).toHaveCount(0);
});

test("a campaign the map cannot show opens the whole city's map with a notice, not an error", async ({ page }) => {
  const response = await page.goto("/map?campaign=no-such-campaign");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("map-campaign")).toHaveText(
    "There is no public campaign at that address, so this map shows every pledge.",
  );
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  await expect(page.getByLabel("Campaign")).toHaveValue("");
});

test("the campaign and series APIs answer through the site, and refuse what they cannot answer", async ({ page }) => {
  const series = await page.request.get(`/api/tally/series?campaign=${EXAMPLE_CAMPAIGN_SLUG}`);
  expect(series.status()).toBe(200);
  expect(series.headers()["access-control-allow-origin"]).toBe("*");
  const { days } = (await series.json()) as { days: { day: string; pledges: number }[] };
  expect(days.reduce((sum, d) => sum + d.pledges, 0)).toBeGreaterThan(0);
  const list = (await (await page.request.get("/api/campaigns")).json()) as { campaigns: { slug: string }[] };
  expect(list.campaigns.map((c) => c.slug)).toContain(EXAMPLE_CAMPAIGN_SLUG);
  expect((await page.request.get("/api/campaigns/no-such-campaign")).status()).toBe(404);
  expect((await page.request.get("/api/tally/series?from=2026-02-30")).status()).toBe(400);
});

test("a ward can be opened with the keyboard alone", async ({ page }) => {
  await page.goto("/map");
  const ward = page.locator('path.ward-shape[aria-label^="Blackfriars & Trinity:"]');
  await ward.focus();
  await expect(page.locator(".leaflet-tooltip")).toContainText("Blackfriars & Trinity");
  await page.keyboard.press("Enter");
  const link = page.getByRole("link", { name: "Open the Blackfriars & Trinity ward page" });
  await expect(link).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/wards\/blackfriars-and-trinity$/);
  await expect(page.getByRole("heading", { level: 1, name: "Blackfriars & Trinity" })).toBeVisible();
  await expectAccessible(page);
});

test("the ward page gives population, pledges, rank, qualities and newest pledges", async ({ page }) => {
  await page.goto("/wards/barton-and-winton");
  await expect(page.getByText("15,754")).toBeVisible();
  await expect(page.getByTestId("ward-pledges")).toHaveText(/^(fewer than 5|\d[\d,]*)$/);
  await expect(page.getByRole("heading", { name: "Pledges by quality" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Barton & Winton ward highlighted/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Make a pledge for Barton & Winton" })).toBeVisible();
  expect((await page.goto("/wards/atlantis"))?.status()).toBe(404);
});

test("the home page shows the wards as a server-drawn map linking to /map", async ({ page }) => {
  await page.goto("/");
  const map = page.getByRole("link", { name: /Map of Salford’s 20 wards/ });
  await expect(map.locator("path[data-ward]")).toHaveCount(20);
  await map.click();
  await expect(page).toHaveURL(/\/map$/);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter and the sortable table still work", async ({ page }) => {
    await page.goto("/map");
    await expect(page.getByText("The interactive map needs JavaScript")).toBeVisible();
    await page.getByLabel("Quality").selectOption("values");
    await page.getByRole("button", { name: "Show on the map" }).click();
    await expect(page).toHaveURL(/quality=values/);
    await page.getByRole("link", { name: "Ward", exact: true }).click();
    await expect(page).toHaveURL(/sort=name&dir=asc/);
    await expect(page).toHaveURL(/quality=values/);
    const names = await page.locator("tbody th").allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await expect(page.getByRole("columnheader", { name: "Ward" })).toHaveAttribute("aria-sort", "ascending");
  });
});

test("the map page works at 320 px wide", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto("/map");
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
