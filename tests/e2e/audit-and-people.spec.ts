import type { Page } from "@playwright/test";
import { expect, expectAccessible, sideways, signIn, test, uniqueEmail } from "./fixtures";

const ADMIN = "alliance-admin@example.org";

/** Finds the person by email on /admin/people, as an admin would. */
async function findPerson(page: Page, email: string) {
  await page.goto("/admin/people");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByTestId("found-person")).toContainText(email);
}

test("an admin makes someone a moderator and finds the change in the audit log", async ({ page }) => {
  const email = uniqueEmail("new-moderator");
  await signIn(page, ADMIN);
  await page.goto("/admin/people");
  await expect(page.getByRole("heading", { name: "People and roles", level: 1 })).toBeVisible();
  await expect(page.locator(`[data-person="${ADMIN}"]`)).toContainText("admin");
  await expectAccessible(page, "/admin/people");

  await findPerson(page, email);
  await expect(page.getByTestId("found-person")).toContainText("No account yet");
  await page
    .getByTestId("found-person")
    .getByRole("button", { name: /^Make moderator/ })
    .click();
  await expect(page.getByRole("status")).toHaveText(`${email} is now a moderator.`);
  await expect(page.locator(`[data-person="${email}"]`)).toContainText("moderator");
  await expectAccessible(page, "/admin/people");

  await page.getByRole("link", { name: "audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const entry = page.getByRole("list", { name: "Audit entries" }).getByRole("listitem").first();
  await expect(entry).toContainText(`Made ${email} a moderator (a new account)`);
  await expect(entry).toContainText(`${ADMIN} (admin)`);
  await entry.getByText(/What changed/).click();
  await expect(entry.getByRole("definition")).toContainText(/resident.*moderator/);
  await expectAccessible(page, "/admin/audit");

  // The entry links to the person, whose page shows the role.
  await entry.getByRole("link", { name: /its page/ }).click();
  await expect(page.getByTestId("found-person")).toContainText(`${email} is a moderator.`);

  // A filter that is not one comes back at its field.
  const response = await page.goto("/admin/audit?from=2026-12-01&to=2026-11-01");
  expect(response?.status()).toBe(400);
  await expect(page.getByLabel("To", { exact: true })).toHaveAccessibleDescription(
    /The end date is before the start date/,
  );
  await expectAccessible(page, "/admin/audit");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin gives and takes away a role, and filters the log to that person's changes", async ({ page }) => {
    const email = uniqueEmail("nojs-admin");
    await signIn(page, ADMIN);
    await findPerson(page, email);
    await page
      .getByTestId("found-person")
      .getByRole("button", { name: /^Make admin/ })
      .click();
    await expect(page.getByRole("status")).toHaveText(`${email} is now an admin.`);
    await page
      .getByTestId("found-person")
      .getByRole("button", { name: /^Take the role away/ })
      .click();
    await expect(page.getByRole("status")).toHaveText(`${email} is now a resident (no role).`);

    await page.goto("/admin/audit");
    await page.getByLabel("Action").selectOption("role.");
    await page.getByLabel("Kind of thing").selectOption("user");
    await page.getByRole("button", { name: "Show entries" }).click();
    const entries = page.getByRole("list", { name: "Audit entries" }).getByRole("listitem");
    await expect(entries.first()).toContainText(`Took the admin role from ${email}: now a resident (no role)`);
    await expect(entries.nth(1)).toContainText(`Made ${email} an admin`);
  });
});

test("the audit log and the people page fit a 320 px screen", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 320, height: 800 });
  for (const path of ["/admin/people", "/admin/audit"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await sideways(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
