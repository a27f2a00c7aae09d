import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { withDatabase } from "./database";
import { expect, expectAccessible, recordConsoleErrors, signIn, test, uniqueEmail } from "./fixtures";

/*
 * An organisation's owner runs an event from the organiser's pages: makes it
 * with JavaScript off, publishes it, finds it public, and marks who came at
 * the door, with and without JavaScript. The owner is made a member of a
 * verified example organisation straight in the database (verifying one is
 * organisations.spec.ts's journey).
 */

/** A London datetime-local value `days` from now at `hour`:00. */
function londonLocal(days: number, hour: number) {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, "0")}:00`;
}

test.describe.serial("an owner runs an event from announcement to attendance", () => {
  const ownerEmail = uniqueEmail("event-owner");
  const title = `Ordsall community meeting ${Date.now()}`;
  let organisation: { id: string; name: string };
  let noScript: Page;
  let withScript: Page;
  let eventPath = "";
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[][] = [];

  type SignedInState = Awaited<ReturnType<BrowserContext["storageState"]>>;

  async function browse(browser: Browser, options: { javaScriptEnabled: boolean; storageState?: SignedInState }) {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    consoleErrors.push(await recordConsoleErrors(page));
    return page;
  }

  test.beforeAll(async ({ browser }) => {
    noScript = await browse(browser, { javaScriptEnabled: false });
  });

  test.afterEach(() => {
    for (const errors of consoleErrors) {
      expect(errors, "console errors").toEqual([]);
      errors.length = 0;
    }
  });

  test.afterAll(async () => {
    await withDatabase(async (client) => {
      if (eventPath) await client.query("DELETE FROM event WHERE id = $1", [eventPath.split("/")[2]]);
      await client.query(`DELETE FROM membership WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`, [
        ownerEmail,
      ]);
    });
    for (const context of contexts) await context.close();
  });

  test("with JavaScript off, the owner makes it as a draft; a postcode outside Salford is refused at its field", async ({
    browser,
  }) => {
    await signIn(noScript, ownerEmail);
    organisation = await withDatabase(async (client) => {
      const { rows } = await client.query<{ id: string; name: string }>(
        "SELECT id, name FROM organisation WHERE status = 'verified' ORDER BY name LIMIT 1",
      );
      await client.query(
        `INSERT INTO membership (user_id, organisation_id, role) SELECT id, $2, 'owner' FROM app_user WHERE email = $1`,
        [ownerEmail, rows[0]!.id],
      );
      return rows[0]!;
    });

    await noScript.goto("/events/new");
    await expect(noScript.getByRole("heading", { name: "New event" })).toBeVisible();
    await expect(noScript.getByRole("radio", { name: organisation.name })).toBeChecked();
    await noScript.getByLabel("Title").fill(title);
    await noScript.getByLabel("What the event is").fill("Come and say what you want from **your** neighbourhood.");
    await noScript.getByLabel("Starts", { exact: true }).fill(londonLocal(30, 18));
    await noScript.getByLabel("Ends", { exact: true }).fill(londonLocal(30, 20));
    await noScript.getByLabel("Venue").fill("Ordsall Hall");
    await noScript.getByLabel("Address", { exact: true }).fill("322 Ordsall Lane, Salford");
    await noScript.getByLabel("Postcode").fill("SW1A 1AA");
    await noScript.getByLabel("Places (optional)").fill("20");
    await noScript.getByRole("checkbox", { name: "Step-free access" }).check();
    await noScript.getByLabel("Contact name").fill("Sam Organiser");
    await noScript.getByRole("button", { name: "Save the draft" }).click();
    const postcode = noScript.getByLabel("Postcode");
    await expect(postcode).toHaveAttribute("aria-invalid", "true");
    await expect(noScript.getByRole("alert").getByRole("link", { name: /SW1A 1AA is not in Salford/ })).toBeVisible();

    await postcode.fill("m5 4wt");
    await noScript.getByRole("button", { name: "Save the draft" }).click();
    await expect(noScript.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(noScript.getByTestId("event-status")).toHaveText("Draft: only its organisers see it");
    eventPath = new URL(noScript.url()).pathname.replace(/\/manage$/, "");

    // A draft is its organisers' alone.
    const stranger = await browse(browser, { javaScriptEnabled: true });
    expect((await stranger.request.get(eventPath)).status()).toBe(404);
  });

  test("it is published and appears on its public page; the organisation's page links to it", async () => {
    await noScript.getByRole("button", { name: "Publish" }).click();
    await expect(noScript.getByTestId("event-status")).toHaveText("Published");
    await expect(noScript.getByRole("status")).toHaveText("Published: the event is public now.");
    await noScript.goto(eventPath);
    await expect(noScript.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    const { rows } = await withDatabase((client) =>
      client.query<{ slug: string }>("SELECT slug FROM organisation WHERE id = $1", [organisation.id]),
    );
    const slug = rows[0]!.slug;
    await noScript.goto(`/organisations/${slug}/manage`);
    await noScript.getByRole("link", { name: title }).click();
    await expect(noScript.getByTestId("event-status")).toHaveText("Published");
  });

  test("the organiser's pages pass axe; at the door a person is marked attended with and without JavaScript", async ({
    browser,
  }) => {
    const eventId = eventPath.split("/")[2]!;
    await withDatabase((client) =>
      client.query(
        `INSERT INTO rsvp (id, event_id, name, email, email_normalised, status, confirmed_at, queue_seq)
       VALUES ($1, $2, 'Ada Attendee', 'ada@example.org', 'ada@example.org', 'going', now(), nextval('rsvp_queue_seq')),
              ($3, $2, 'Bob Attendee', 'bob@example.org', 'bob@example.org', 'going', now(), nextval('rsvp_queue_seq'))`,
        [randomUUID(), eventId, randomUUID()],
      ),
    );
    withScript = await browse(browser, {
      javaScriptEnabled: true,
      // The owner's session, in a browser that runs JavaScript (axe needs it).
      storageState: await noScript.context().storageState(),
    });

    await withScript.goto("/events/new");
    await expectAccessible(withScript, "/events/new");
    await withScript.goto(`${eventPath}/edit`);
    await expect(withScript.getByLabel("Postcode")).toHaveValue("M5 4WT");
    await expect(withScript.getByRole("checkbox", { name: "Step-free access" })).toBeChecked();
    await expectAccessible(withScript, "/events/:id/edit");
    await withScript.goto(`${eventPath}/manage`);
    await expectAccessible(withScript, "/events/:id/manage");

    // JavaScript off: a plain form post, and the page comes back showing it.
    await noScript.goto(`${eventPath}/manage?q=ada`);
    await expect(noScript.getByText("Bob Attendee")).toHaveCount(0);
    await noScript.getByRole("button", { name: /^Not attended\W+Ada Attendee$/ }).click();
    await expect(noScript.getByRole("button", { name: /^✓ Attended\W+Ada Attendee$/ })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(noScript.getByTestId("attended-count")).toHaveText("1 attended");

    // JavaScript on: no reload, the count follows.
    await withScript.reload();
    const bob = withScript.getByRole("button", { name: /^Not attended\W+Bob Attendee$/ });
    await bob.click();
    await expect(withScript.getByRole("button", { name: /^✓ Attended\W+Bob Attendee$/ })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(withScript.getByTestId("attended-count")).toHaveText("2 attended");
    await expectAccessible(withScript, "/events/:id/manage");

    const csv = await withScript.request.get(`${eventPath}/attendees.csv`);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toMatch(/Ada Attendee,ada@example.org,going,[^,]+,yes/);
  });
});
