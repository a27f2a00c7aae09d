import type { Page } from "@playwright/test";
import { EXAMPLE_CAMPAIGN_SLUG } from "../../app/models/example-data";
import { expect, expectAccessible, signIn, test } from "./fixtures";

/** A calendar day from today, as a date field takes it. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function fillCampaign(page: Page, name: string) {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Summary").fill("A month of litter picks and tidy streets in Ordsall.");
  await page
    .getByLabel("What the campaign is about")
    .fill("Clean streets make **neighbours**.\n\n- join a litter pick\n- take your litter home");
  await page.getByLabel("Starts on").fill(day(-1));
  await page.getByLabel("Ends on").fill(day(30));
  await page.getByLabel("Target", { exact: true }).fill("250");
  await page.getByRole("checkbox", { name: "Partnerships", exact: true }).check();
  await page.getByRole("checkbox", { name: "Ordsall", exact: true }).check();
  await page
    .getByLabel("Suggested commitments (optional)")
    .fill("I will join a litter pick in my street once a month.\nI will take my litter home from the park.");
}

test("an admin makes a campaign as a draft, publishes it, and the public can then see it", async ({ page }) => {
  const name = `Ordsall Tidy Streets ${Date.now()}`;
  const slug = `ordsall-tidy-streets-${Date.now()}`;

  await signIn(page, "alliance-admin@example.org");
  await page.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("main").getByRole("link", { name: "Campaigns" }).click();
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  await expectAccessible(page, "/admin/campaigns");

  await page.getByRole("link", { name: "New campaign" }).click();
  await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();
  await expectAccessible(page, "/admin/campaigns/new");

  // An address another campaign has is refused at its field, not with an error page.
  await fillCampaign(page, name);
  await page.getByLabel("Web address (optional)").fill(EXAMPLE_CAMPAIGN_SLUG);
  await page.getByRole("button", { name: "Save the draft" }).click();
  const address = page.getByLabel("Web address (optional)");
  await expect(address).toHaveAttribute("aria-invalid", "true");
  await expect(
    page.getByRole("alert").getByRole("link", { name: /Another campaign has this web address/ }),
  ).toBeVisible();
  await expectAccessible(page, "/admin/campaigns/new");

  await address.fill(slug);
  await page.getByRole("button", { name: "Save the draft" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveText("Draft: only admins see it");
  await expectAccessible(page, "/admin/campaigns/:id");
  const edit = new URL(page.url()).pathname;

  // A draft is the admin's alone.
  expect((await page.request.get(`/campaigns/${slug}`)).status()).toBe(404);

  // The form shows what was saved, and an edit keeps it.
  await expect(page.getByLabel("Milestones")).toHaveValue("25, 50, 75, 100");
  await expect(page.getByRole("checkbox", { name: "Ordsall", exact: true })).toBeChecked();
  await page.getByLabel("Target", { exact: true }).fill("300");
  await page.getByRole("button", { name: "Save the changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Target", { exact: true })).toHaveValue("300");

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("campaign-status")).toHaveText("Published");
  await expect(page.getByRole("button", { name: "Archive" })).toBeVisible();

  await page.goto("/admin/campaigns");
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("published (running)");
  await row.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${edit}$`));

  await page.goto(`/campaigns/${slug}`);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
});

// The form posts as a plain multipart form and every mistake comes back at its field from the server.
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin's half-given conditional offer comes back at its fields; given whole, the campaign saves and publishes", async ({
    page,
  }) => {
    const name = `Eccles Together ${Date.now()}`;
    await signIn(page, "alliance-admin@example.org");
    await page.goto("/admin/campaigns/new");
    await fillCampaign(page, name);
    await page.getByLabel("How many signers (N)").fill("5");
    await page.getByRole("button", { name: "Save the draft" }).click();
    const deadline = page.getByLabel("Deadline");
    await expect(deadline).toHaveAttribute("aria-invalid", "true");
    await expect(deadline).toHaveAccessibleDescription(/Give the number, the deadline and the scope together/);
    await expect(page.getByLabel("How many signers (N)")).toHaveValue("5");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);

    await deadline.fill(day(20));
    await page.getByRole("radio", { name: /Each ward/ }).check();
    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByLabel("Deadline")).toHaveValue(day(20));
    await expect(page.getByRole("radio", { name: /Each ward/ })).toBeChecked();

    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("campaign-status")).toHaveText("Published");
  });
});
