/**
 * Axe checks for the pages the journeys in the other specs do not scan, so
 * that every page has one (app/accessibility-coverage.test.ts holds the suite
 * to that). Each page is visited in the state a person would find it in.
 */
import { expect, expectAccessible, requestSignInLink, test, uniqueEmail } from "./fixtures";

test("the sign-in link page and the resend page have no serious or critical axe violations", async ({ page }) => {
  const link = await requestSignInLink(page, uniqueEmail("axe-login"));
  await page.goto(link);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "/login/:token");

  await page.goto("/pledge/resend");
  await expect(page.getByRole("heading", { level: 1, name: "Send the confirmation email again" })).toBeVisible();
  await expectAccessible(page, "/pledge/resend");
});

test("the local outbox and an email in it have no serious or critical axe violations", async ({ page }) => {
  const email = uniqueEmail("axe-outbox");
  await requestSignInLink(page, email);
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Local outbox" })).toBeVisible();
  await expectAccessible(page, "/dev/outbox");

  const messages = (await (await page.request.get("/dev/outbox.json")).json()) as { id: string; to: string }[];
  await page.goto(`/dev/outbox/${messages.find((m) => m.to === email)!.id}`);
  await expect(page.getByRole("heading", { level: 1, name: /sign-in link/ })).toBeVisible();
  await expectAccessible(page, "/dev/outbox/:id");
});

test("the 404 page has no serious or critical axe violations", async ({ page }) => {
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page, "/*");
});

test("the ward map and a ward page have no serious or critical axe violations", async ({ page }) => {
  await page.goto("/map");
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  await expectAccessible(page, "/map");
  await page.goto("/wards/ordsall");
  await expect(page.getByRole("heading", { level: 1, name: "Ordsall" })).toBeVisible();
  await expectAccessible(page, "/wards/:slug");
});
