import { emailTo, expect, linkIn, test, uniqueEmail } from "./fixtures";

/*
 * The moderation filter as a resident meets it: a pledge with a web address
 * in its words is taken, confirmed and counted, but its words wait for a
 * moderator; the wall shows it as a resident's pledge until then.
 */

test("a pledge with a link is held: the resident hears it waits for a quick check, and the wall shows no words", async ({
  page,
}) => {
  // Two emails through the worker: the time limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("held");
  const words = "I will share www.example-spam.com";
  await page.goto("/pledge");
  await page.getByLabel("Your name").fill("Robin Link");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Salford postcode").fill("m5 4wt");
  await page.getByRole("checkbox", { name: /Values and ethos/ }).check();
  await page.getByRole("radio", { name: "In my own words" }).check();
  await page.getByLabel("Your commitment in your own words").fill(words);
  await page.getByRole("radio", { name: /first name and the initial/ }).check();
  await page.getByRole("checkbox", { name: /Email me to confirm my pledge/ }).check();
  await page.getByRole("button", { name: "Make my pledge" }).click();

  await expect(page.getByRole("heading", { name: "Check your email to confirm your pledge" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "after a quick check" })).toBeVisible();

  await page.goto(linkIn(await emailTo(page, email, /Confirm your Salford Social Value City pledge/), "/confirm/"));
  // The pledger sees their own words before confirming.
  await expect(page.getByText(words)).toBeVisible();
  await page.getByRole("button", { name: "Confirm my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Thank you: your pledge is confirmed" })).toBeVisible();
  await expect(page.getByText("after a quick check")).toBeVisible();
  await expect(page.getByText("A Salford resident's pledge").first()).toBeVisible();
  await expect(page.getByText("example-spam")).toHaveCount(0);
  await expect(page.getByText("Robin L.")).toHaveCount(0);

  await page.goto("/pledges");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("example-spam")).toHaveCount(0);
  await expect(page.getByText("Robin L.")).toHaveCount(0);
});
