/**
 * The second step of signing in for admins and moderators, in the browser: a
 * new moderator sets up the authenticator app (QR code and the key to type),
 * keeps the recovery codes shown once, then signs in with a code from the app,
 * is refused a wrong one, and gets in once with a recovery code.
 */
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { currentStep, totpCode } from "../totp";
import { withDatabase } from "./database";
import {
  expect,
  expectAccessible,
  requestSignInLink,
  setUpAuthenticator,
  signIn,
  storedTotpSecret,
  test,
  uniqueEmail,
} from "./fixtures";

async function createModerator(email: string) {
  await withDatabase((client) =>
    client.query(`INSERT INTO app_user (id, email, email_normalised, role) VALUES ($1, $2, lower($2), 'moderator')`, [
      randomUUID(),
      email,
    ]),
  );
}

/** The email link, as far as the second step. */
async function followSignInLink(page: Page, email: string) {
  await page.goto(await requestSignInLink(page, email, "/admin"));
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}

test("a new moderator sets up the app, keeps the recovery codes, then signs in with a code, not with a wrong one", async ({
  page,
}) => {
  // Four sign-ins by email link, each waiting for the worker to deliver it.
  test.slow();
  const email = uniqueEmail("moderator-2fa");
  await createModerator(email);

  await followSignInLink(page, email);
  await expect(page).toHaveURL(/\/account\/two-factor\/setup\?redirectTo=%2Fadmin$/);
  await expect(page.locator("svg.qr-code")).toBeVisible();
  await expect(page.getByTestId("totp-secret")).toHaveText(/^([A-Z2-7]{4} ?)+$/);
  await expectAccessible(page, "/account/two-factor/setup");
  // Until the second step, the moderator's session is a resident's.
  expect((await page.request.get("/admin", { maxRedirects: 0 })).headers().location).toMatch(
    /^\/account\/two-factor\/setup/,
  );

  // A wrong first code is refused at the field.
  await page.getByLabel("Code from the app").fill("12345x");
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
  await expect(page.getByLabel("Code from the app")).toHaveAttribute("aria-invalid", "true");

  const { secret, recoveryCodes } = await setUpAuthenticator(page, email);
  expect(secret).toBe(await storedTotpSecret(email));
  expect(recoveryCodes).toHaveLength(10);
  await expectAccessible(page, "/account/two-factor/setup");
  await page.getByRole("link", { name: /I have kept my recovery codes/ }).click();
  await expect(page).toHaveURL(/\/admin$/);

  await page.goto("/account/two-factor");
  await expect(page.getByText("You have 10 unused recovery codes.")).toBeVisible();
  await expectAccessible(page, "/account/two-factor");

  // Signing in again: the code from the app, after a wrong one.
  await signOut(page);
  await followSignInLink(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor\?redirectTo=%2Fadmin$/);
  await expectAccessible(page, "/login/two-factor");
  const code = page.getByLabel("Code", { exact: true });
  await code.fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(/That code (is not right|has been used)/)).toBeVisible();
  await expect(code).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "/login/two-factor");
  // The setup code's step has been used: the next step's code (a phone a little ahead) is taken.
  await code.fill(totpCode(secret, currentStep() + 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // Without the phone: a recovery code, once.
  await signOut(page);
  await followSignInLink(page, email);
  await code.fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await signOut(page);
  await followSignInLink(page, email);
  await code.fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
});

test("the sign-in fixture takes an admin through the second step each time", async ({ page }) => {
  const email = uniqueEmail("admin-2fa");
  await withDatabase((client) =>
    client.query(`INSERT INTO app_user (id, email, email_normalised, role) VALUES ($1, $2, lower($2), 'admin')`, [
      randomUUID(),
      email,
    ]),
  );
  // Twice within a step or two: the fixture's second code is a fresh one.
  await signIn(page, email);
  await signOut(page);
  await signIn(page, email);
  await page.goto("/admin/organisations");
  await expect(page).toHaveURL(/\/admin\/organisations$/);
});
