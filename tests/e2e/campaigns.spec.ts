import { createRunningCampaign, deleteCampaign, firstVerifiedOrganisation, type TestCampaign } from "./campaign-data";
import { expect, expectAccessible, test } from "./fixtures";

/*
 * The public campaign pages: the list, one campaign's page with its progress,
 * milestones, chart, body, partners and share links, with and without
 * JavaScript.
 */

const BODY = [
  "## What we will do",
  "",
  "Litter picks in **every ward**. <script>window.bodyScriptRan = true</script>",
  "",
  "[Run this](javascript:window.linkScriptRan=true) or [read more](https://example.org/more).",
].join("\n");

let campaign: TestCampaign;

test.beforeAll(async () => {
  campaign = await createRunningCampaign({ name: `Clean streets ${Date.now()}`, body: BODY, isExample: true });
});

test.afterAll(async () => {
  await deleteCampaign(campaign);
});

test("the campaigns page lists a running campaign with its progress, and its page shows what it is and how far it has come", async ({
  page,
}) => {
  await page.goto("/campaigns");
  await expectAccessible(page, "/campaigns");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" })).toBeVisible();
  const running = page.locator("section", { has: page.getByRole("heading", { name: "Running now" }) });
  const card = running.locator("article", { has: page.getByRole("link", { name: campaign.name }) });
  await expect(card.locator(".tag.example")).toHaveText("Example");
  await expect(card.getByTestId("campaign-progress")).toHaveText(/^0 of its target of 200 pledges \(0\s?%\)$/);
  await expect(card.getByRole("progressbar", { name: `${campaign.name}: progress to its target` })).toBeVisible();

  await card.getByRole("link", { name: campaign.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: campaign.name })).toBeVisible();
  await expectAccessible(page, "/campaigns/:slug");
  await expect(page.getByTestId("campaign-when")).toContainText("Running now");
  await expect(page.getByRole("link", { name: "Pledge for this campaign" })).toHaveAttribute(
    "href",
    `/pledge?campaign=${campaign.slug}`,
  );
  await expect(page.getByTestId("campaign-celebration")).toHaveText(/^We passed 25% of our target on \d+ \w+ \d{4}\.$/);

  // The body: Markdown rendered (its headings a level down, under the page's), its script and javascript: link harmless.
  await expect(page.getByRole("heading", { level: 3, name: "What we will do" })).toBeVisible();
  await expect(page.locator(".campaign-body strong")).toHaveText("every ward");
  await expect(page.locator(".campaign-body script")).toHaveCount(0);
  await expect(page.locator(".campaign-body").getByRole("link", { name: "Run this" })).toHaveCount(0);
  await expect(page.locator(".campaign-body").getByRole("link", { name: "read more" })).toHaveAttribute(
    "href",
    "https://example.org/more",
  );
  expect(await page.evaluate(() => "bodyScriptRan" in window || "linkScriptRan" in window)).toBe(false);

  // The chart, and its figures as a table.
  await expect(page.getByRole("img", { name: `Pledges for ${campaign.name}, day by day` })).toBeVisible();
  await page.getByText("Show as a table").click();
  const table = page.getByTestId("campaign-growth-table");
  await expect(table).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(4);

  // Its own tally by ward: no ward has 5 of its pledges yet, so no ward shows a number.
  await expect(page.getByTestId("campaign-wards").locator("tbody td:nth-child(2)").first()).toContainText(
    "fewer than 5",
  );
  await expect(page.getByRole("link", { name: "See the campaign on the map" })).toHaveAttribute(
    "href",
    `/map?campaign=${campaign.slug}`,
  );
  const partner = await firstVerifiedOrganisation();
  await expect(page.getByRole("link", { name: partner!.name, exact: true })).toHaveAttribute(
    "href",
    `/organisations/${partner!.slug}`,
  );
  const email = page.getByRole("link", { name: "Share this campaign by email" });
  await expect(email).toHaveAttribute("href", /^mailto:\?subject=/);
  await expect(page.getByRole("link", { name: /Share this campaign on WhatsApp/ })).toHaveAttribute(
    "href",
    /^https:\/\/wa\.me\/\?text=/,
  );
  await expect(page.locator(".share-url")).toHaveText(new RegExp(`/campaigns/${campaign.slug}$`));
});

test("without JavaScript the campaigns, a campaign's page and its chart's table all work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto("/campaigns");
    await page.getByRole("link", { name: campaign.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: campaign.name })).toBeVisible();
    await page.getByText("Show as a table").click();
    await expect(page.getByTestId("campaign-growth-table")).toBeVisible();
    await expect(page.getByRole("link", { name: "Pledge for this campaign" })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("a campaign that is not there is a 404 page, junk included", async ({ page }) => {
  for (const slug of ["no-such-campaign", "%E2%80%AE..%2F"]) {
    const response = await page.goto(`/campaigns/${slug}`);
    expect(response?.status(), slug).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});
