import {
  confirmFromOutbox,
  emailTo,
  expect,
  expectAccessible,
  nudgesDueIn,
  signIn,
  submitPledge,
  test,
  uniqueEmail,
} from "./fixtures";
import { withDatabase } from "./database";

/** Nudge emails ever queued for this address, read from the site's database. */
async function nudgesQueuedFor(email: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM email_message WHERE to_address = $1 AND template = 'pledge-nudge'",
      [email],
    );
    return rows[0]!.n;
  });
}

type OutboxMessage = { to: string; subject: string; text: string; headers: Record<string, string> };

test("a week on, the pledger is nudged, checks in with one tap and a note, and can unsubscribe in one click", async ({
  page,
}) => {
  // Emails through the worker and two runs of a command: the limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("nudged");
  await submitPledge(page, email);
  await confirmFromOutbox(page, email);
  expect(nudgesDueIn(8)).toMatch(/queued [1-9]\d* nudge email/);

  const nudge = await emailTo(page, email, /How is your Salford pledge going/);
  const going = nudge.text.match(/http:\/\/\S+\/check-in\/\S+choice=going/)![0];
  await page.goto(going);
  await expect(page.getByRole("radio", { name: "Still going" })).toBeChecked();
  await expectAccessible(page, "/check-in/:token");
  await page.getByLabel("A note (optional)").fill("Said hello to the couple at number 12.");
  await page.getByRole("checkbox", { name: /Show this check-in/ }).check();
  await page.getByRole("button", { name: "Send my check-in" }).click();
  await expect(page.getByText("Thank you for checking in")).toBeVisible();
  await expect(page.getByText("Said hello to the couple at number 12.")).toBeVisible();

  const messages = (await (await page.request.get("/dev/outbox.json")).json()) as OutboxMessage[];
  const withHeaders = messages.find((m) => m.to === email && /How is your/.test(m.subject))!;
  expect(withHeaders.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const unsubscribe = withHeaders.headers["List-Unsubscribe"]!.match(/<(http[^>]+)>/)![1]!;
  await page.goto(unsubscribe);
  await expectAccessible(page, "/unsubscribe/:token");
  // As a mail client does it: a POST with no cookie and the RFC 8058 body.
  const oneClick = await page.context().request.fetch(unsubscribe, {
    method: "POST",
    form: { "List-Unsubscribe": "One-Click" },
    headers: { Cookie: "" },
  });
  expect(oneClick.ok()).toBe(true);

  const preferences = nudge.text.match(/http:\/\/\S+\/preferences\/[^\s)]+/)![0];
  await page.goto(preferences);
  await expect(page.getByRole("checkbox", { name: "Reminders about my pledges" })).not.toBeChecked();
  await expectAccessible(page, "/preferences/:token");
  await page.getByRole("checkbox", { name: "News from the Salford Social Value Alliance" }).check();
  await page.getByRole("button", { name: "Save my choices" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // Unsubscribed from reminders: the 30-day nudge is not even queued. The command has finished,
  // so what it queued is in the database now: no waiting for a worker to prove a negative.
  nudgesDueIn(31);
  expect(await nudgesQueuedFor(email)).toBe(1);
});

test("'Done it' from a nudge marks the pledge kept on the home page", async ({ page }) => {
  // Emails through the worker and a run of a command: the limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("done");
  await submitPledge(page, email);
  await confirmFromOutbox(page, email);
  await page.goto("/");
  const keptBefore = Number((await page.getByTestId("tally-kept").textContent())!.replace(/,/g, ""));
  nudgesDueIn(8);
  const nudge = await emailTo(page, email, /How is your Salford pledge going/);
  await page.goto(nudge.text.match(/http:\/\/\S+\/check-in\/\S+choice=done/)![0]);
  await page.getByRole("button", { name: "Send my check-in" }).click();
  await expect(page.getByText(/well done! No more reminders/)).toBeVisible();
  await page.goto("/");
  await expect(page.getByTestId("tally-kept")).toHaveText((keptBefore + 1).toLocaleString("en-GB"));
});

test("admins see what was sent and what failed at /admin/emails", async ({ page }) => {
  await signIn(page, "alliance-admin@example.org");
  await page.goto("/admin/emails");
  await expect(page.getByRole("heading", { name: "Messages by state" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "sent" }).first()).toBeVisible();
  await expectAccessible(page, "/admin/emails");
});
