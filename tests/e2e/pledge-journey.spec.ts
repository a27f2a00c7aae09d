import { emailTo, expect, expectAccessible, fillPledgeForm, homeTotal, linkIn, test, uniqueEmail } from "./fixtures";
import type { Page } from "@playwright/test";

async function signConfirmAndCount(page: Page) {
  const before = await homeTotal(page);
  await page.getByRole("link", { name: "Make your pledge" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Make your Social Value City pledge" })).toBeVisible();
  const email = uniqueEmail("journey");
  await fillPledgeForm(page, email);
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Check your email to confirm your pledge" })).toBeVisible();

  const message = await emailTo(page, email, /Confirm your Salford Social Value City pledge/);
  const link = linkIn(message, "/confirm/");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your pledge" })).toBeVisible();
  await expect(page.getByText("I will get to know a neighbour I have not spoken to before.")).toBeVisible();
  // Opening the link counted nothing.
  expect(await homeTotal(page)).toBe(before);

  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Thank you: your pledge is confirmed" })).toBeVisible();
  await expect(page.getByText("Jane S., Ordsall")).toBeVisible();

  expect(await homeTotal(page)).toBe(before + 1);
  await emailTo(page, email, /Your pledge counts/);
}

test("a resident signs, confirms from the emailed link and sees the tally one higher", async ({ page }) => {
  // Several emails through the worker: the time limit guards against a hang, not a slow machine.
  test.slow();
  await signConfirmAndCount(page);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the whole journey still works", async ({ page }) => {
    // Several emails through the worker: the time limit guards against a hang, not a slow machine.
    test.slow();
    await signConfirmAndCount(page);
  });

  test("bad input shows each error beside its field and in a summary", async ({ page }) => {
    await page.goto("/pledge");
    await page.getByLabel("Email address").fill("not an email");
    await page.getByLabel("Salford postcode").fill("M1 1AD");
    await page.getByRole("button", { name: "Make my pledge" }).click();
    const summary = page.getByRole("alert");
    await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Enter your name" })).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(
      /Enter an email address like name@example.com/,
    );
    await expect(page.getByLabel("Salford postcode")).toHaveAccessibleDescription(/M1 1AD is not in Salford/);
    // What was typed is kept.
    await expect(page.getByLabel("Email address")).toHaveValue("not an email");
  });

  test("an address the send-again form refuses is shown beside the field, with what was typed", async ({ page }) => {
    await page.goto("/pledge/sent");
    await page.getByLabel("Send the confirmation email again").fill("not an email");
    await page.getByRole("button", { name: "Send the email again" }).click();
    await expect(page).toHaveURL(/\/pledge\/resend$/);
    await expect(page.getByLabel("Send the confirmation email again")).toHaveAccessibleDescription(
      /Enter an email address like name@example.com/,
    );
    await expect(page.getByLabel("Send the confirmation email again")).toHaveValue("not an email");
  });
});

test("bad input is caught in the browser too, beside the field", async ({ page }) => {
  await page.goto("/pledge");
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByLabel("Your name")).toHaveAccessibleDescription(/Enter your name/);
  await expect(page.getByRole("group", { name: /Which qualities/ })).toHaveAccessibleDescription(
    /Choose at least one quality/,
  );
  await fillPledgeForm(page, uniqueEmail("outside"));
  await page.getByLabel("Salford postcode").fill("M1 1AD");
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByLabel("Salford postcode")).toHaveAccessibleDescription(/M1 1AD is not in Salford/);
});

test.describe("accessibility", () => {
  test("home, pledge form, sent, wall and a pledge page have no serious or critical axe violations", async ({
    page,
  }) => {
    for (const path of ["/", "/pledge", "/pledge/sent", "/pledges"]) {
      await page.goto(path);
      await expectAccessible(page, path);
    }
    await page
      .getByRole("link", { name: /^View pledge/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { name: "A Salford Social Value City pledge" })).toBeVisible();
    await expectAccessible(page, "/pledges/:id");
  });

  test("the form with errors and the confirm page have no serious or critical axe violations", async ({ page }) => {
    await page.goto("/pledge");
    await page.getByRole("button", { name: "Make my pledge" }).click();
    await expect(page.getByText("Enter your name").first()).toBeVisible();
    await expectAccessible(page, "/pledge");

    const email = uniqueEmail("axe");
    await page.goto("/pledge");
    await fillPledgeForm(page, email);
    await page.getByRole("button", { name: "Make my pledge" }).click();
    await page.goto(linkIn(await emailTo(page, email, /Confirm/), "/confirm/"));
    await expect(page.getByRole("button", { name: "Confirm my pledge" })).toBeVisible();
    await expectAccessible(page, "/confirm/:token");
  });
});

test("the wall shows confirmed pledges, labels examples, and filters by quality and ward", async ({ page }) => {
  await page.goto("/pledges");
  await expect(page.getByText("Example").first()).toBeVisible();
  await page.getByLabel("Quality").selectOption("partnerships");
  await page.getByLabel("Ward").selectOption({ label: "Ordsall" });
  await page.getByRole("button", { name: "Show pledges" }).click();
  await expect(page).toHaveURL(/quality=partnerships/);
  await expect(page).toHaveURL(/ward=ordsall/);
  // The address bar can change a moment before the list does: wait until every pledge shown matches.
  const items = page.getByRole("listitem").filter({ has: page.getByRole("article") });
  await expect
    .poll(
      async () => {
        const texts = await items.allTextContents();
        return texts.length > 0 && texts.every((text) => text.includes("Ordsall") && text.includes("Partnerships"));
      },
      { message: "only Ordsall pledges with Partnerships are listed", timeout: 15_000 },
    )
    .toBe(true);
});

test("the site works at 320 px wide without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  for (const path of ["/", "/pledge", "/pledges"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});

test("an unknown page is a friendly 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`own words with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("words typed without choosing “In my own words” are the pledge", async ({ page }) => {
      const email = uniqueEmail(`own-words-${javaScriptEnabled ? "js" : "nojs"}`);
      const words = "I will mend the bench outside the library with my neighbours.";
      await page.goto("/pledge");
      await page.getByLabel("Your name").fill("Jane Smith");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Salford postcode").fill("M5 4WT");
      await page.getByRole("checkbox", { name: /Partnerships/ }).check();
      // No suggestion and no “In my own words” chosen: only the words typed.
      await page.getByLabel("Your commitment in your own words").fill(words);
      await page.getByRole("checkbox", { name: /Email me to confirm my pledge/ }).check();
      await page.getByRole("button", { name: "Make my pledge" }).click();
      await expect(page.getByRole("heading", { name: "Check your email to confirm your pledge" })).toBeVisible();
      const confirmation = await emailTo(page, email, /Confirm your Salford Social Value City pledge/);
      expect(confirmation.text).toContain(words);
    });
  });
}
