/**
 * Moderation in the browser: a visitor reports a pledge through the Report
 * page (without JavaScript too), a moderator finds it in the queue and hides
 * it with a reason, and its author is emailed that reason; an admin edits the
 * filter's word list.
 */
import { randomUUID } from "node:crypto";
import { withDatabase } from "./database";
import {
  confirmFromOutbox,
  emailTo,
  expect,
  expectAccessible,
  sideways,
  signIn,
  submitPledge,
  test,
  uniqueEmail,
} from "./fixtures";

const ADMIN = "alliance-admin@example.org";

async function createModerator(email: string) {
  await withDatabase((client) =>
    client.query(`INSERT INTO app_user (id, email, email_normalised, role) VALUES ($1, $2, lower($2), 'moderator')`, [
      randomUUID(),
      email,
    ]),
  );
}

async function pledgeIdOf(email: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "SELECT id FROM pledge WHERE email = $1 AND confirmed_at IS NOT NULL",
      [email],
    );
    return rows[0]!.id;
  });
}

test("a visitor reports a pledge; a moderator finds it in the queue and hides it with a reason; its author is told why", async ({
  page,
  browser,
}) => {
  // Two emails through the worker, and a third to the author: a guard against a hang, not a slow machine.
  test.slow();
  const author = uniqueEmail("reported-author");
  await submitPledge(page, author);
  await confirmFromOutbox(page, author);
  const pledgeId = await pledgeIdOf(author);
  const token = randomUUID().slice(0, 8);

  // The page says what is being reported; a mistake is shown at its field.
  await page.goto(`/report/pledge/${pledgeId}`);
  await expect(page.getByRole("heading", { name: "Report this pledge", level: 1 })).toBeVisible();
  await expect(
    page.getByText("“I will get to know a neighbour I have not spoken to before.”", { exact: true }),
  ).toBeVisible();
  await expectAccessible(page, "/report/:kind/:id");
  await page.getByRole("radio", { name: "Something else" }).check();
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByLabel("Tell us more")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").getByRole("link", { name: "Say what is wrong with it" })).toBeVisible();
  await expectAccessible(page, "/report/:kind/:id");

  // A visitor without JavaScript sends it: a plain form post.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const visitor = await noScript.newPage();
  await visitor.goto(`/report/pledge/${pledgeId}`);
  await visitor.getByRole("radio", { name: "Spam or advertising" }).check();
  await visitor.getByLabel("Tell us more").fill(`It advertises a skip hire firm (${token}).`);
  await visitor.getByRole("button", { name: "Send the report" }).click();
  await expect(visitor.getByRole("heading", { name: "Thank you for your report" })).toBeVisible();
  await noScript.close();

  const moderator = uniqueEmail("moderator");
  await createModerator(moderator);
  await signIn(page, moderator);
  await page.goto("/admin/moderation");
  await expect(page.getByRole("heading", { name: "Moderation", level: 1 })).toBeVisible();
  const entry = page.locator("li.moderation-entry", { hasText: token });
  await expect(entry).toContainText("1 open report");
  await expect(entry).toContainText(`Spam or advertising: It advertises a skip hire firm (${token}).`);
  await expect(entry).toContainText("I will get to know a neighbour I have not spoken to before.");
  await expect(entry.getByRole("link", { name: /Its public page/ })).toHaveAttribute("href", `/pledges/${pledgeId}`);
  await expectAccessible(page, "/admin/moderation");

  // At 320 px nothing runs off the side.
  await page.setViewportSize({ width: 320, height: 800 });
  await expect(entry).toBeVisible();
  expect(await sideways(page), "/admin/moderation scrolls sideways").toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Hiding needs a reason, which goes to the author.
  await entry.getByRole("button", { name: "Hide the pledge" }).click();
  await expect(entry.getByLabel("Reason for hiding the pledge")).toHaveAttribute("aria-invalid", "true");
  const reason = `It advertises a business, which pledges are not for (${token}).`;
  await entry.getByLabel("Reason for hiding the pledge").fill(reason);
  await entry.getByRole("button", { name: "Hide the pledge" }).click();
  await expect(page.getByRole("status")).toHaveText(/Hidden/);

  // It moves to the decisions, where it can be undone.
  const decided = page.locator("li.moderation-entry", { hasText: reason });
  await expect(decided).toContainText("Hidden");
  await expect(decided.getByRole("button", { name: /^Restore/ })).toBeVisible();
  await expectAccessible(page, "/admin/moderation");

  const told = await emailTo(page, author, /has been hidden/);
  expect(told.text).toContain(reason);
  // Hidden: there is nothing public to report any more.
  expect((await page.request.get(`/report/pledge/${pledgeId}`)).status()).toBe(404);
});

test("an admin adds a word to the filter's list and takes it off again", async ({ page }) => {
  const word = `swapshop${randomUUID().slice(0, 6)}`;
  await signIn(page, ADMIN);
  await page.goto("/admin/moderation/words");
  await expect(page.getByRole("heading", { name: "The filter’s word list", level: 1 })).toBeVisible();
  await expectAccessible(page, "/admin/moderation/words");

  await page.getByLabel("Word or phrase").fill(`  ${word.toUpperCase()} `);
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("status")).toHaveText("Added to the list.");
  const listed = page.locator(".word-list li", { hasText: word });
  await expect(listed).toBeVisible();

  // The same word again is refused at the field.
  await page.getByLabel("Word or phrase").fill(word);
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByLabel("Word or phrase")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "/admin/moderation/words");

  await page.setViewportSize({ width: 320, height: 800 });
  expect(await sideways(page), "/admin/moderation/words scrolls sideways").toBeLessThanOrEqual(0);

  await listed.getByRole("button", { name: /^Remove/ }).click();
  await expect(page.getByRole("status")).toHaveText("Taken off the list.");
  await expect(page.locator(".word-list li", { hasText: word })).toHaveCount(0);
});
