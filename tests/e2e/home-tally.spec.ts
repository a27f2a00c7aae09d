import type { Page } from "@playwright/test";
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
