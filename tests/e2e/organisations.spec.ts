import { confirmFromOutbox, emailTo, expect, expectAccessible, homeTotal, linkIn, signIn, submitPledge, test, uniqueEmail } from "./fixtures";

test("an organisation goes from registration to a verified profile with a commitment and progress, on the map and in the tally", async ({ page, browser }) => {
  const tallyBefore = (await (await page.request.get("/api/tally")).json()) as { organisations: number; total: number };
  const owner = uniqueEmail("owner");
  const contact = uniqueEmail("contact");
  const name = `Ordsall Good Food ${Date.now()}`;

  await signIn(page, owner);
  await page.goto("/organisations/new");
  await expectAccessible(page);
  await page.getByLabel("Organisation name").fill(name);
  await page.getByRole("radio", { name: "Community group" }).check();
  await page.getByLabel("Address").fill("1 Ordsall Lane, Salford");
  await page.getByLabel("Postcode").fill("m5 4wt");
  await page.getByLabel("Contact email").fill(contact);
  await page.getByLabel("What the organisation does").fill("We run a community food club and cookery classes in Ordsall.");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: `Manage ${name}` })).toBeVisible();
  await expect(page.getByTestId("organisation-status")).toHaveText("waiting for verification");
  await expectAccessible(page);

  // The contact address confirms from its email: a page, then a button.
  await page.goto(linkIn(await emailTo(page, contact, /Confirm your organisation/), "/organisations/confirm/"));
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm this address" }).click();
  await expect(page.getByRole("heading", { name: /contact email is confirmed/ })).toBeVisible();

  // Not public until verified.
  const anonymous = await browser.newContext();
  const outsider = await anonymous.newPage();
  await outsider.goto("/organisations");
  await expect(outsider.getByRole("link", { name })).toHaveCount(0);

  // An admin verifies it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "alliance-admin@example.org");
  await admin.getByRole("link", { name: "Admin" }).click();
  await expectAccessible(admin);
  await admin.getByRole("main").getByRole("link", { name: "Organisations" }).click();
  await expectAccessible(admin);
  const card = admin.locator("li", { has: admin.getByRole("link", { name }) });
  await card.getByRole("button", { name: `Verify ${name}` }).click();
  await expect(card.getByText("verified", { exact: true })).toBeVisible();
  await emailTo(page, contact, /is verified/);

  // The owner publishes a commitment and reports progress.
  await page.goto("/account");
  await page.getByRole("link", { name }).click();
  await expect(page.getByTestId("organisation-status")).toHaveText("verified");
  await page.getByRole("link", { name: "Publish a commitment" }).click();
  await expectAccessible(page);
  await page.getByRole("radio", { name: /Partnerships/ }).check();
  await page.getByLabel("What you will do").fill("Host a community meal with two other local groups every month");
  await page.getByLabel("How you will measure it").fill("shared meals held");
  await page.getByLabel("The number (for a number target)").fill("12");
  await page.getByLabel("What it counts (for a number target)").fill("meals");
  await page.getByLabel("Target date").fill("2027-11-30");
  await page.getByRole("button", { name: "Publish the commitment" }).click();
  await page.getByRole("link", { name: /Report progress/ }).click();
  await expectAccessible(page);
  await page.getByLabel(/Where you have got to/).fill("4");
  await page.getByLabel("What happened").fill("Four shared meals so far, with the tenants' association and the school.");
  await page.getByRole("button", { name: "Report progress" }).click();
  await expect(page.getByText("4 of 12 meals")).toBeVisible();

  // Public: profile with badge, directory, map pin, tally.
  await outsider.goto("/organisations?sector=community-group");
  await outsider.getByRole("link", { name }).click();
  await expect(outsider.getByText("Verified by the Salford Social Value Alliance")).toBeVisible();
  await expect(outsider.getByText("4 of 12 meals")).toBeVisible();
  await expect(outsider.getByRole("progressbar", { name: /Host a community meal/ })).toHaveAttribute("aria-valuenow", "33");
  await expectAccessible(outsider);
  const badge = await outsider.request.get(`${new URL(outsider.url()).pathname}/badge.svg`);
  expect(badge.headers()["content-type"]).toContain("image/svg+xml");
  expect(await badge.text()).toContain(name.slice(0, 20));

  await outsider.goto("/map?sector=community-group");
  await expect(outsider.locator(`.leaflet-marker-icon[title^="${name}"], .leaflet-marker-icon[title$="zoom in to see them"]`).first()).toBeVisible();

  const tallyAfter = (await (await page.request.get("/api/tally")).json()) as { organisations: number; total: number };
  expect(tallyAfter.organisations).toBe(tallyBefore.organisations + 1);
  expect(tallyAfter.total).toBe(tallyBefore.total + 1);
  await anonymous.close();
  await adminContext.close();
});

test("a resident signs in by magic link, withdraws a pledge, and the tally drops by one", async ({ page }) => {
  const email = uniqueEmail("withdrawer");
  await submitPledge(page, email, { quality: /Delivery/, suggestion: /volunteer an hour a month/, postcode: "M6 5JA" });
  await confirmFromOutbox(page, email);
  const before = await homeTotal(page);

  await signIn(page, email);
  await page.goto("/account");
  await expectAccessible(page);
  const pledge = page.locator("li", { hasText: "I will volunteer an hour a month" });
  await pledge.getByRole("button", { name: "Withdraw this pledge" }).click();
  await expect(page.getByText("Withdrawn.")).toBeVisible();
  expect(await homeTotal(page)).toBe(before - 1);
});

test("sign-in, stories and directory pages have no serious or critical axe violations", async ({ page }) => {
  for (const path of ["/login", "/login/sent", "/stories", "/organisations"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/stories");
  for (const name of ["SMaRT Garage", "Broughton Trust", "Carbon Creative", "Greater Manchester Fire and Rescue Service", "Lower Kersal Young People’s Group"])
    await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(/From the report/)).toBeVisible();
});
