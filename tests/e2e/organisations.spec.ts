import type { Browser, BrowserContext, Page } from "@playwright/test";
import {
  confirmFromOutbox,
  emailTo,
  expect,
  expectAccessible,
  homeTotal,
  linkIn,
  recordConsoleErrors,
  signIn,
  submitPledge,
  test,
  uniqueEmail,
} from "./fixtures";

/**
 * One organisation's whole journey, a step a test: each stays well inside the
 * time limit on a busy machine, and a failed step skips the rest. The owner,
 * the admin and an outsider keep their own browsers across the steps.
 */
test.describe
  .serial("an organisation goes from registration to a verified profile with a commitment and progress, on the map and in the tally", () => {
  const name = `Ordsall Good Food ${Date.now()}`;
  const ownerEmail = uniqueEmail("owner");
  const contact = uniqueEmail("contact");
  const editorEmail = uniqueEmail("editor");
  let tallyBefore: { organisations: number; total: number };
  let owner: Page;
  let admin: Page;
  let outsider: Page;
  let manage = "";
  const contexts: BrowserContext[] = [];
  const consoleErrors = new Map<string, string[]>();

  async function browse(browser: Browser, who: string) {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    consoleErrors.set(who, await recordConsoleErrors(page));
    return page;
  }

  test.beforeAll(async ({ browser }) => {
    owner = await browse(browser, "owner");
    admin = await browse(browser, "admin");
    outsider = await browse(browser, "outsider");
    tallyBefore = (await (await owner.request.get("/api/tally")).json()) as typeof tallyBefore;
  });

  test.afterEach(() => {
    for (const [who, errors] of consoleErrors) {
      expect(errors, `console errors in the ${who}'s browser`).toEqual([]);
      errors.length = 0;
    }
  });

  test.afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  test("a signed-in person registers it, and it waits for verification", async () => {
    await signIn(owner, ownerEmail);
    await owner.goto("/organisations/new");
    await expectAccessible(owner, "/organisations/new");
    await owner.getByLabel("Organisation name").fill(name);
    await owner.getByRole("radio", { name: "Community group" }).check();
    await owner.getByLabel("Address").fill("1 Ordsall Lane, Salford");
    await owner.getByLabel("Postcode").fill("m5 4wt");
    await owner.getByLabel("Contact email").fill(contact);
    await owner
      .getByLabel("What the organisation does")
      .fill("We run a community food club and cookery classes in Ordsall.");
    await owner.getByRole("button", { name: "Register" }).click();
    await expect(owner.getByRole("heading", { name: `Manage ${name}` })).toBeVisible();
    await expect(owner.getByTestId("organisation-status")).toHaveText("waiting for verification");
    await expectAccessible(owner, "/organisations/:slug/manage");
    manage = new URL(owner.url()).pathname;
  });

  test("the contact address confirms from its email: a page, then a button", async () => {
    await owner.goto(linkIn(await emailTo(owner, contact, /Confirm your organisation/), "/organisations/confirm/"));
    await expectAccessible(owner, "/organisations/confirm/:token");
    await owner.getByRole("button", { name: "Confirm this address" }).click();
    await expect(owner.getByRole("heading", { name: /contact email is confirmed/ })).toBeVisible();
    await expectAccessible(owner, "/organisations/confirmed");
  });

  test("it is not public until verified", async () => {
    await outsider.goto("/organisations");
    await expect(outsider.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(outsider.getByRole("link", { name })).toHaveCount(0);
    expect((await outsider.goto(manage.replace(/\/manage$/, "")))?.status()).toBe(404);
  });

  test("an admin verifies it, and the contact address hears", async () => {
    await signIn(admin, "alliance-admin@example.org");
    await admin.getByRole("link", { name: "Admin" }).click();
    await expectAccessible(admin, "/admin");
    await admin.getByRole("main").getByRole("link", { name: "Organisations" }).click();
    await expectAccessible(admin, "/admin/organisations");
    const card = admin.locator("li", { has: admin.getByRole("link", { name }) });
    await card.getByRole("button", { name: `Verify ${name}` }).click();
    await expect(card.getByText("verified", { exact: true })).toBeVisible();
    await emailTo(owner, contact, /is verified/);
  });

  test("the owner publishes a commitment and reports progress", async () => {
    await owner.goto("/account");
    await owner.getByRole("link", { name }).click();
    await expect(owner.getByTestId("organisation-status")).toHaveText("verified");
    await owner.getByRole("link", { name: "Publish a commitment" }).click();
    await expectAccessible(owner, "/organisations/:slug/commitments/new");
    await owner.getByRole("radio", { name: /Partnerships/ }).check();
    await owner.getByLabel("What you will do").fill("Host a community meal with two other local groups every month");
    await owner.getByLabel("How you will measure it").fill("shared meals held");
    await owner.getByLabel("The number (for a number target)").fill("12");
    await owner.getByLabel("What it counts (for a number target)").fill("meals");
    await owner.getByLabel("Target date").fill("2027-11-30");
    await owner.getByRole("button", { name: "Publish the commitment" }).click();
    await owner.getByRole("link", { name: /Report progress/ }).click();
    await expectAccessible(owner, "/organisations/:slug/commitments/:id/progress");
    await owner.getByLabel(/Where you have got to/).fill("4");
    await owner
      .getByLabel("What happened")
      .fill("Four shared meals so far, with the tenants' association and the school.");
    await owner.getByRole("button", { name: "Report progress" }).click();
    await expect(owner.getByText("4 of 12 meals")).toBeVisible();
  });

  test("the owner invites a colleague, who joins as an editor from the emailed link", async ({ page }) => {
    await owner.goto(manage);
    await owner.getByLabel("Invite a colleague as an editor").fill(editorEmail);
    await owner.getByRole("button", { name: "Send the invitation" }).click();
    await expect(owner.getByRole("status").filter({ hasText: "Invitation sent." })).toBeVisible();
    const invitation = linkIn(await emailTo(page, editorEmail, /You are invited to edit/), "/invitations/");

    await signIn(page, editorEmail);
    await page.goto(invitation);
    await expect(page.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
    await expectAccessible(page, "/invitations/:token");
    await page.getByRole("button", { name: "Join as an editor" }).click();
    await expect(page.getByRole("heading", { name: `Manage ${name}` })).toBeVisible();
    // A link is used once.
    await page.goto(invitation);
    await expect(page.getByRole("heading", { name: /has been used, has expired or is not valid/ })).toBeVisible();
  });

  test("the public sees the profile with its badge and progress, in the directory", async () => {
    await outsider.goto("/organisations?sector=community-group");
    await outsider.getByRole("link", { name }).click();
    await expect(outsider.getByText("Verified by the Salford Social Value Alliance")).toBeVisible();
    await expect(outsider.getByText("4 of 12 meals")).toBeVisible();
    await expect(outsider.getByRole("progressbar", { name: /Host a community meal/ })).toHaveAttribute(
      "aria-valuenow",
      "33",
    );
    await expectAccessible(outsider, "/organisations/:slug");
    const badge = await outsider.request.get(`${new URL(outsider.url()).pathname}/badge.svg`);
    expect(badge.headers()["content-type"]).toContain("image/svg+xml");
    expect(await badge.text()).toContain(name.slice(0, 20));
  });

  test("it is on the map and counted once in the tally", async () => {
    await outsider.goto("/map?sector=community-group");
    await expect(
      outsider
        .locator(`.leaflet-marker-icon[title^="${name}"], .leaflet-marker-icon[title$="zoom in to see them"]`)
        .first(),
    ).toBeVisible();
    const tallyAfter = (await (await outsider.request.get("/api/tally")).json()) as typeof tallyBefore;
    expect(tallyAfter.organisations).toBe(tallyBefore.organisations + 1);
    expect(tallyAfter.total).toBe(tallyBefore.total + 1);
  });
});

test("a resident signs in by magic link, withdraws a pledge, and the tally drops by one", async ({ page }) => {
  // Several emails through the worker: the time limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("withdrawer");
  await submitPledge(page, email, { quality: /Delivery/, suggestion: /volunteer an hour a month/, postcode: "M6 5JA" });
  await confirmFromOutbox(page, email);
  const before = await homeTotal(page);

  await signIn(page, email);
  await page.goto("/account");
  await expectAccessible(page, "/account");
  const pledge = page.locator("li", { hasText: "I will volunteer an hour a month" });
  await pledge.getByRole("button", { name: "Withdraw this pledge" }).click();
  await expect(page.getByText("Withdrawn.")).toBeVisible();
  expect(await homeTotal(page)).toBe(before - 1);
});

test("sign-in, stories and directory pages have no serious or critical axe violations", async ({ page }) => {
  for (const path of ["/login", "/login/sent", "/stories", "/organisations"]) {
    await page.goto(path);
    await expectAccessible(page, path);
  }
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/stories");
  for (const name of [
    "SMaRT Garage",
    "Broughton Trust",
    "Carbon Creative",
    "Greater Manchester Fire and Rescue Service",
    "Lower Kersal Young People’s Group",
  ])
    await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(/From the report/)).toBeVisible();
});
