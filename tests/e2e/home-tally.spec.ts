import type { Page } from "@playwright/test";
import { createRunningCampaign, deleteCampaign } from "./campaign-data";
import {
  confirmFromOutbox,
  expect,
  expectAccessible,
  recordConsoleErrors,
  signIn,
  submitPledge,
  test,
  uniqueEmail,
} from "./fixtures";

async function figure(page: Page, testId: string) {
  return Number((await page.getByTestId(testId).textContent())!.replace(/,/g, ""));
}

test("an open home page catches up with a pledge confirmed and kept elsewhere: the total, kept and per-quality figures, without a reload", async ({
  page,
  context,
}) => {
  // Emails through the worker, and a refresh every 20 s: the limit guards against a hang, not a slow machine.
  test.slow();
  await page.goto("/");
  await expectAccessible(page, "/");
  const before = {
    total: await figure(page, "tally-total"),
    kept: await figure(page, "tally-kept"),
    values: await figure(page, "tally-values"),
    keptValues: await figure(page, "tally-kept-values"),
    delivery: await figure(page, "tally-delivery"),
  };
  // Marks this document: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // Someone else, in another tab, signs, confirms and keeps a pledge showing "Values and ethos".
  const elsewhere = await context.newPage();
  const errors = await recordConsoleErrors(elsewhere);
  const email = uniqueEmail("home-live");
  await submitPledge(elsewhere, email);
  await confirmFromOutbox(elsewhere, email);
  await signIn(elsewhere, email);
  await elsewhere.goto("/account");
  await elsewhere.getByRole("button", { name: "I have done it" }).click();
  await expect(elsewhere.getByText("Done: well done!")).toBeVisible();
  expect(errors).toEqual([]);

  const live = { timeout: 45_000 };
  await expect(page.getByTestId("tally-total")).toHaveText((before.total + 1).toLocaleString("en-GB"), live);
  await expect(page.getByTestId("tally-kept")).toHaveText((before.kept + 1).toLocaleString("en-GB"), live);
  await expect(page.getByTestId("tally-values")).toHaveText((before.values + 1).toLocaleString("en-GB"), live);
  await expect(page.getByTestId("tally-delivery")).toHaveText(before.delivery.toLocaleString("en-GB"));
  await expect(page.getByTestId("tally-kept-values")).toHaveText((before.keptValues + 1).toLocaleString("en-GB"), live);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expectAccessible(page, "/");
});

test("the home page shows the campaigns running now and how the movement has grown, with the chart's figures as a table, without JavaScript too", async ({
  browser,
}) => {
  const campaign = await createRunningCampaign({ name: `Home campaign ${Date.now()}`, body: "A campaign." });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto("/");
    const running = page.locator("section", { has: page.getByRole("heading", { name: "Campaigns running now" }) });
    const card = running.locator("article", { has: page.getByRole("link", { name: campaign.name }) });
    await expect(card.getByTestId("campaign-progress")).toHaveText(/^0 of its target of 200 pledges/);
    await expect(page.getByRole("img", { name: "Pledges from residents over the last 90 days" })).toBeVisible();
    await page.getByText("Show as a table").click();
    const table = page.getByTestId("city-growth-table");
    await expect(table).toBeVisible();
    // Ninety days as weeks: thirteen rows, the last running to today and holding the pledges in all.
    await expect(table.locator("tbody tr")).toHaveCount(13);
    const inAll = Number(
      (await table.locator("tbody tr").last().locator("td").last().textContent())!.replace(/,/g, ""),
    );
    expect(inAll).toBeGreaterThan(0);
    await card.getByRole("link", { name: campaign.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: campaign.name })).toBeVisible();
  } finally {
    await context.close();
    await deleteCampaign(campaign);
  }
});
