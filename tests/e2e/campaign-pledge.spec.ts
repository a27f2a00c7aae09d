import { randomUUID } from "node:crypto";
import { EXAMPLE_CAMPAIGN_SLUG } from "../../app/models/example-data";
import { createCampaignWithSuggestion, type SuggestingCampaign } from "./campaign-data";
import { emailTo, expect, expectAccessible, linkIn, test, uniqueEmail } from "./fixtures";
import type { Page } from "@playwright/test";

/*
 * The pledge form pre-set for a campaign (/pledge?campaign=<slug>), from the
 * form to the confirmed pledge's page. Each test makes its own running
 * campaign in the site's database, as the Alliance would publish one.
 */

/** A published campaign running from a week ago for a month, about partnerships; conditional when given a threshold. */
async function createRunningCampaign(conditionalThreshold?: number): Promise<SuggestingCampaign> {
  const key = randomUUID().slice(0, 8);
  return createCampaignWithSuggestion({
    slug: `e2e-${key}`,
    name: `Street Friends ${key}`,
    suggestion: `I will knock on three neighbours’ doors this month (${key}).`,
    conditionalThreshold,
  });
}

/** Fills in the campaign's form with its own suggestion, as a resident would, and sends it. */
async function pledgeFor(
  page: Page,
  campaign: SuggestingCampaign,
  email: string,
  options: { conditional?: boolean } = {},
) {
  await page.goto(`/pledge?campaign=${campaign.slug}`);
  await expect(page.getByRole("heading", { name: `Pledging for ${campaign.name}` })).toBeVisible();
  await page.getByLabel("Your name").fill("Jane Smith");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Salford postcode").fill("m5 4wt");
  await page.getByRole("radio", { name: campaign.suggestion }).check();
  if (options.conditional) await page.getByRole("checkbox", { name: /Count my pledge only if/ }).check();
  await page.getByRole("checkbox", { name: /Email me to confirm my pledge/ }).check();
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Check your email to confirm your pledge" })).toBeVisible();
}

async function confirmFromEmail(page: Page, email: string, campaign: SuggestingCampaign) {
  await page.goto(linkIn(await emailTo(page, email, /Confirm your Salford Social Value City pledge/), "/confirm/"));
  await expect(page.getByText(campaign.suggestion)).toBeVisible();
  await expect(page.getByRole("link", { name: campaign.name })).toHaveAttribute("href", `/campaigns/${campaign.slug}`);
  await page.getByRole("button", { name: "Confirm my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Thank you: your pledge is confirmed" })).toBeVisible();
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the form names the campaign, ticks its quality, offers its suggestion first, and the pledge is attributed", async ({
    page,
  }) => {
    // Emails through the worker: the time limit guards against a hang, not a slow machine.
    test.slow();
    const campaign = await createRunningCampaign();
    await page.goto(`/pledge?campaign=${campaign.slug}`);
    const banner = page.getByRole("region", { name: `Pledging for ${campaign.name}` });
    await expect(banner.getByText("Neighbours who know each other look out for each other.")).toBeVisible();
    await expect(banner.getByRole("link", { name: /About the campaign/ })).toHaveAttribute(
      "href",
      `/campaigns/${campaign.slug}`,
    );
    await expect(page.getByRole("checkbox", { name: /^Partnerships/ })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /^Values and ethos/ })).not.toBeChecked();
    await expect(page.getByRole("group", { name: "Your commitment" }).getByRole("radio").first()).toHaveAccessibleName(
      campaign.suggestion,
    );
    // This campaign offers no conditions.
    await expect(page.getByRole("checkbox", { name: /Count my pledge only if/ })).toHaveCount(0);

    const email = uniqueEmail("campaign");
    await pledgeFor(page, campaign, email);
    await confirmFromEmail(page, email, campaign);
    await expect(page.getByText(campaign.suggestion)).toBeVisible();
    await expect(page.getByText(/Made for the campaign/)).toBeVisible();
    await expect(page.getByRole("link", { name: campaign.name })).toHaveAttribute(
      "href",
      `/campaigns/${campaign.slug}`,
    );
  });

  test("a campaign that is not taking pledges leaves the plain form, with a notice", async ({ page }) => {
    await page.goto("/pledge?campaign=no-such-campaign");
    await expect(page.getByText("That campaign is not taking pledges now.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Make your Social Value City pledge" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /Pledging for/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /^Partnerships/ })).not.toBeChecked();
  });

  test("the example campaign a new site has is open for pledges, with its qualities ticked and its ward condition", async ({
    page,
  }) => {
    await page.goto(`/pledge?campaign=${EXAMPLE_CAMPAIGN_SLUG}`);
    await expect(page.getByRole("heading", { name: /^Pledging for Example campaign/ })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: /^Partnerships/ })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /^Values and ethos/ })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /Count my pledge only if 5 people in my ward/ })).not.toBeChecked();
  });

  test("a conditional pledge waits for its number, and its page says how many of how many", async ({ page }) => {
    test.slow();
    const campaign = await createRunningCampaign(2);
    const email = uniqueEmail("conditional");
    await pledgeFor(page, campaign, email, { conditional: true });
    await confirmFromEmail(page, email, campaign);
    await expect(page.getByText(/counts in Salford’s tally once enough others make it too/)).toBeVisible();
    await expect(page.getByText("1 of 2")).toBeVisible();
    await expect(page.getByText(/^Waiting: it counts once 2 have made it/)).toBeVisible();
  });
});

test("the form pre-set for a campaign, with conditional pledging, and its pledge's page are accessible", async ({
  page,
}) => {
  test.slow();
  const campaign = await createRunningCampaign(3);
  await page.goto(`/pledge?campaign=${campaign.slug}`);
  await expect(page.getByRole("checkbox", { name: /Count my pledge only if 3 people in this campaign/ })).toBeVisible();
  await expectAccessible(page, "/pledge");

  const email = uniqueEmail("campaign-axe");
  await pledgeFor(page, campaign, email, { conditional: true });
  await confirmFromEmail(page, email, campaign);
  await expect(page.getByText("1 of 3")).toBeVisible();
  await expectAccessible(page, "/pledges/:id");
});
