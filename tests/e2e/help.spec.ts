import {
  confirmFromOutbox,
  emailTo,
  expect,
  expectAccessible,
  nudgesDueIn,
  sideways,
  signIn,
  submitPledge,
  test,
  uniqueEmail,
} from "./fixtures";

const ADMIN = "alliance-admin@example.org";

test("a resident's 'Need a hand' reaches /admin/help, where an admin marks it contacted with a note, without JavaScript", async ({
  page,
  browser,
}) => {
  // Emails through the worker and a run of a command: the limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("needs-a-hand");
  await submitPledge(page, email);
  await confirmFromOutbox(page, email);
  nudgesDueIn(8);
  const nudge = await emailTo(page, email, /How is your Salford pledge going/);
  await page.goto(nudge.text.match(/http:\/\/\S+\/check-in\/\S+choice=help/)![0]);
  await expect(page.getByRole("radio", { name: "Need a hand" })).toBeChecked();
  await page
    .getByLabel("A note (optional)")
    .fill("I would like to start a street group but do not know where to begin.");
  await page.getByRole("button", { name: "Send my check-in" }).click();
  await expect(page.getByText("Thank you for checking in")).toBeVisible();

  await signIn(page, ADMIN);
  await page.goto("/admin/help");
  await expect(page.getByRole("heading", { name: "People who need a hand", level: 1 })).toBeVisible();
  const card = page.locator("li.help-request", { hasText: email });
  await expect(card).toContainText("new");
  await expect(card).toContainText("I would like to start a street group but do not know where to begin.");
  await expect(card).toContainText("I will get to know a neighbour I have not spoken to before.");
  await expect(card.getByRole("link", { name: email })).toHaveAttribute("href", `mailto:${email}`);
  await expectAccessible(page, "/admin/help");

  // At 320 px nothing runs off the side, the long address included.
  await page.setViewportSize({ width: 320, height: 800 });
  await expect(card).toBeVisible();
  expect(await sideways(page)).toBe(0);

  // The same admin, in a browser with JavaScript off: the forms are plain POSTs.
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await noScript.newPage();
  await plain.goto("/admin/help");
  const plainCard = plain.locator("li.help-request", { hasText: email });

  // Closing needs a note: the server's answer puts the message at the field.
  await plainCard.getByRole("button", { name: /^Close/ }).click();
  const ending = plain.locator("li.help-request", { hasText: email }).getByLabel("How it ended (needed to close)");
  await expect(ending).toHaveAttribute("aria-invalid", "true");
  await expect(ending).toHaveAccessibleDescription(/Say in a sentence how it ended/);

  await plainCard.getByLabel("Note (optional)").fill("Emailed her the tenants' association's details.");
  await plainCard.getByRole("button", { name: /^Mark contacted/ }).click();
  await expect(plain.getByRole("status")).toHaveText("Marked as contacted.");
  await expect(plainCard).toContainText("contacted");
  await expect(plainCard).toContainText("Emailed her the tenants' association's details.");
  await expect(plainCard).toContainText(`Last updated by ${ADMIN}`);
  await noScript.close();
});
