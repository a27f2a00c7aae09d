import { readFile } from "node:fs/promises";
import { expect, expectAccessible, sideways, signIn, test } from "./fixtures";

test("an admin reads the figures, each with its table, and downloads one as a CSV", async ({ page }) => {
  await signIn(page, "alliance-admin@example.org");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Alliance desk", level: 1 })).toBeVisible();

  // Every figure is a table with a caption, readable without the bars.
  for (const caption of [
    "The tally",
    "Every pledge made, those confirmed, and those kept",
    /Residents’ pledges under each quality/,
    /Residents’ pledges by ward/,
    /Counted organisations by sector/,
    "Email messages by what the queue did with them",
    "Sent messages by what the provider said afterwards",
  ])
    await expect(page.getByRole("table", { name: caption })).toBeVisible();
  const funnel = page.getByRole("table", { name: "Every pledge made, those confirmed, and those kept" });
  await expect(funnel.getByRole("rowheader")).toHaveText(["Signed", "Confirmed their email", /^Kept/]);

  // A chart over time says what it shows, and its table opens without JavaScript's help (<details>).
  const days = page.getByRole("figure", { name: "New pledges a day, the last 30 days" });
  await expect(days.getByText(/in the last 30 days/)).toBeVisible();
  await days.getByText("Show as a table").click();
  await expect(days.getByRole("table").getByRole("row")).toHaveCount(1 + 30);

  // The queues and the desk's pages.
  await expect(page.getByTestId("queue-moderation")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("queue-help")).toHaveText(/^\d+$/);
  await expectAccessible(page, "/admin");

  await page.getByRole("main").getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lists of people" })).toBeVisible();
  await expectAccessible(page, "/admin/exports");

  const form = page.getByRole("form", { name: "Pledges by ward" });
  await form.getByLabel("Quality (optional)").selectOption({ label: "Values and ethos" });
  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Download pledges by ward (CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^pledges-by-ward_values_\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe('ward code,ward,residents,pledges,"pledges per 1,000 residents"');
  expect(lines.length).toBe(1 + 20);
});

test("the desk and its exports fit a 320 px screen", async ({ page }) => {
  await signIn(page, "alliance-admin@example.org");
  await page.setViewportSize({ width: 320, height: 800 });
  for (const [path, heading] of [
    ["/admin", "Alliance desk"],
    ["/admin/exports", "Exports"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    expect(await sideways(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
