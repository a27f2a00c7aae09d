import { randomUUID } from "node:crypto";
import { createRunningCampaign, deleteCampaign, type TestCampaign } from "./campaign-data";
import { withDatabase } from "./database";
import { emailTo, expect, expectAccessible, sideways, signIn, test, uniqueEmail } from "./fixtures";

/*
 * The Alliance's news, end to end: an admin writes an announcement for one
 * campaign's pledgers, sees how many it reaches, previews it, sends a test to
 * themselves, sends it, and the worker delivers it to exactly those people.
 */

const ADMIN = "alliance-admin@example.org";

/** A confirmed pledge in the campaign whose pledger agreed to news, written straight to the site's database. */
async function newsPledger(campaign: TestCampaign, email: string) {
  const id = randomUUID();
  await withDatabase((client) =>
    client.query(
      `INSERT INTO pledge (id, name, name_display, email, email_normalised, postcode, ward_code, qualities, commitment,
                           commitment_key, nudge_consent, news_consent, confirmed_at, campaign_id)
       VALUES ($1, 'Pat Reader', 'initial', $2, lower($2), 'M5 4WT', 'E05013028', '{partnerships}', $3, lower($3),
               false, true, now(), $4)`,
      [id, email, `I will read the news ${id}`, campaign.id],
    ),
  );
  return id;
}

async function removePledges(ids: string[]) {
  await withDatabase(async (client) => {
    await client.query("DELETE FROM pledge WHERE id = ANY($1::uuid[])", [ids]);
  });
}

test("an admin writes an announcement for a campaign's pledgers, previews it, tests it, sees the count and sends it", async ({
  page,
}) => {
  // A long journey: two sign-in and test emails, the worker's pickup (every 10 s) and two deliveries.
  test.setTimeout(150_000);
  const campaign = await createRunningCampaign({ name: `News campaign ${Date.now()}`, body: "For the news test." });
  const readers = [uniqueEmail("news-reader"), uniqueEmail("news-reader")];
  const pledges = [await newsPledger(campaign, readers[0]!), await newsPledger(campaign, readers[1]!)];
  const subject = `The winter stalls are coming ${Date.now()}`;
  try {
    await signIn(page, ADMIN);
    await page.goto("/admin/announcements");
    await expect(page.getByRole("heading", { name: "Announcements", level: 1 })).toBeVisible();
    await expectAccessible(page, "/admin/announcements");

    await page.getByRole("link", { name: "New announcement" }).click();
    await expect(page.getByRole("heading", { name: "New announcement" })).toBeVisible();
    // A mistake comes back at its field.
    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(page.getByLabel("Subject")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "/admin/announcements/new");

    await page.getByLabel("Subject").fill(subject);
    await page
      .getByLabel("The news")
      .fill("Thank you for pledging.\n\n## Come and see us\n\n- **Eccles market**, Saturday\n- the library, Sunday");
    await page.getByLabel("Campaign").selectOption({ label: campaign.name });
    await page.getByRole("button", { name: "Save the draft" }).click();

    await expect(page.getByRole("heading", { name: subject, level: 1 })).toBeVisible();
    await expect(page.getByTestId("announcement-status")).toHaveText("Draft");
    await expect(page.getByTestId("recipient-count")).toHaveText("2 people");
    const preview = page.frameLocator('iframe[title^="Preview of the email"]');
    await expect(preview.getByRole("heading", { name: subject })).toBeVisible();
    await expect(preview.getByRole("heading", { name: "Come and see us" })).toBeVisible();
    await expect(preview.getByText("Eccles market")).toBeVisible();
    await expectAccessible(page, "/admin/announcements/:id");

    await page.getByRole("button", { name: "Send a test to me" }).click();
    await expect(page.getByRole("status")).toHaveText(`A test copy is on its way to ${ADMIN}.`);
    await emailTo(page, ADMIN, new RegExp(`^\\[Test\\] ${subject}$`));

    await page.getByRole("button", { name: "Send now" }).click();
    await expect(page.getByRole("heading", { name: "Send it to 2 people now?" })).toBeVisible();
    await expectAccessible(page, "/admin/announcements/:id");
    await page.getByRole("button", { name: "Yes, send it to 2 people" }).click();
    await expect(page.getByRole("status")).toContainText("On its way");

    for (const reader of readers) {
      const email = await emailTo(page, reader, new RegExp(`^${subject}$`));
      expect(email.text).toContain("Eccles market");
      expect(email.text).toMatch(/\/unsubscribe\//);
    }

    // The list shows it sent, to two people (the worker marks it sent once both are queued).
    await expect
      .poll(
        async () => {
          await page.goto("/admin/announcements");
          const cells = await page
            .getByRole("row", { name: new RegExp(subject) })
            .getByRole("cell")
            .allInnerTexts();
          return [cells[0]!.split(" ")[0], cells[1], cells[2]].join(" ");
        },
        { message: "the announcement's row: status, recipients, sent", timeout: 30_000 },
      )
      .toBe("Sent 2 2");
  } finally {
    await removePledges(pledges);
    await withDatabase((client) =>
      client.query("UPDATE announcement SET campaign_id = NULL WHERE campaign_id = $1", [campaign.id]),
    );
    await deleteCampaign(campaign);
  }
});

test("the announcement pages fit a 320 px screen", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto("/admin/announcements/new");
  await page.getByLabel("Subject").fill(`Narrow news ${Date.now()}`);
  await page.getByLabel("The news").fill("A short note.");
  await page.getByRole("button", { name: "Save the draft" }).click();
  await expect(page.getByTestId("announcement-status")).toHaveText("Draft");
  expect(await sideways(page), "the announcement's page scrolls sideways").toBeLessThanOrEqual(0);
  for (const path of ["/admin/announcements", "/admin/announcements/new"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await sideways(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});

test("an organisation member turns on the Alliance's news from their account", async ({ page }) => {
  const email = uniqueEmail("news-member");
  await signIn(page, email);
  await page.goto("/account/news");
  await expect(page.getByRole("heading", { name: "The Alliance’s news", level: 1 })).toBeVisible();
  await expectAccessible(page, "/account/news");
  const box = page.getByRole("checkbox", { name: "Email me the Alliance’s news" });
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole("button", { name: "Save my choice" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved: we will email you the Alliance’s news.");
  await expect(page.getByRole("checkbox", { name: "Email me the Alliance’s news" })).toBeChecked();
});
