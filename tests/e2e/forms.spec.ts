import { confirmFromOutbox, expect, expectAccessible, signIn, submitPledge, test, uniqueEmail } from "./fixtures";

// Every form is a Conform form: the server's answer to a mistake puts the
// message at the field, so the forms work the same without JavaScript.
// (axe needs JavaScript, so the accessibility scan is in the test with it.)
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a mistake in the sign-in form comes back at the field, with what was typed", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill("not an address");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    const field = page.getByLabel("Email address");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/Enter an email address like name@example.com/);
    await expect(field).toHaveValue("not an address");
  });

  test("words too short on the account page come back at that pledge's words field", async ({ page }) => {
    test.slow();
    const email = uniqueEmail("no-js-words");
    await submitPledge(page, email);
    await confirmFromOutbox(page, email);
    await signIn(page, email);
    await page.goto("/account");
    const words = page.getByLabel("Change the words of this pledge");
    await words.fill("short");
    await page.getByRole("button", { name: "Save the new words" }).click();
    await expect(words).toHaveAttribute("aria-invalid", "true");
    await expect(words).toHaveAccessibleDescription(/Write your commitment in at least 10 characters/);
  });
});

test("with JavaScript, the same sign-in mistake is shown at the field before anything is sent", async ({ page }) => {
  await page.goto("/login");
  // The browser checks the form once the app is running.
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window), { timeout: 20_000 }).toBe(true);
  await page.getByLabel("Email address").fill("not an address");
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(
    /Enter an email address like name@example.com/,
  );
  expect(posts).toEqual([]);
  await expectAccessible(page, "/login");
});
