import type { Page } from "@playwright/test";
import { emailTo, expect, expectAccessible, signIn, test, uniqueEmail } from "./fixtures";
import type { SuggestingCampaign } from "./campaign-data";
import { createStallCampaign, createStallEvent, pledgeAttribution } from "./stall-data";

/*
 * A stall's kiosk: an organiser (here the Alliance's admin, who organises any
 * event) opens /events/:id/kiosk on one device and people pledge one after
 * another. The second person must see nothing of the first.
 */

const ORGANISER = "alliance-admin@example.org";

/** What the test reads of Remix's client router: whether it is still loading, and the location it has shown. */
type RouterLike = { state: { navigation: { state: string }; location: { pathname: string; search: string } } };

/** A stall's event for a campaign, its kiosk opened by the organiser. */
async function openKiosk(page: Page) {
  const campaign = await createStallCampaign();
  const event = await createStallEvent({ campaignId: campaign.id });
  await signIn(page, ORGANISER);
  await page.goto(`/events/${event.id}/kiosk`);
  return { campaign, event };
}

/** Fills in the kiosk's form as a visitor to the stall would, with the campaign's suggestion, and sends it. */
async function pledgeAtKiosk(page: Page, campaign: SuggestingCampaign, person: { name: string; email: string }) {
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Salford postcode").fill("m5 4wt");
  await page.getByRole("radio", { name: campaign.suggestion }).check();
  await page.getByRole("radio", { name: "My full name" }).check();
  await page.getByRole("checkbox", { name: /Email me to confirm my pledge/ }).check();
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Thank you for your pledge" })).toBeVisible();
}

/** The form is as the first person found it: every field empty, nothing of anyone chosen. */
async function expectEmptyForm(page: Page, visitors: { name: string; email: string }[]) {
  await expect(page.getByLabel("Your name")).toHaveValue("");
  await expect(page.getByLabel("Email address")).toHaveValue("");
  await expect(page.getByLabel("Salford postcode")).toHaveValue("");
  await expect(page.getByRole("radio", { name: "My full name" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Email me to confirm my pledge/ })).not.toBeChecked();
  await expect(page.locator("input[type=radio][name=suggestion]:checked")).toHaveCount(0);
  const html = await page.content();
  for (const visitor of visitors) {
    expect(html).not.toContain(visitor.email);
    expect(html).not.toContain(visitor.name);
  }
}

test("an organiser's kiosk takes two people's pledges in a row, and the second sees nothing of the first", async ({
  page,
}) => {
  // Sign-in and confirmation emails through the worker: the time limit guards against a hang.
  test.slow();
  const { campaign, event } = await openKiosk(page);
  await expect(page.getByText(`At ${event.title}, for ${campaign.name}`)).toBeVisible();
  // The organiser is signed in, but the person holding the tablet has no way into their account or the site.
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /account|admin|sign out|organisations/i })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expectAccessible(page, "/events/:id/kiosk");

  // The browser is asked to remember nothing typed here: the form and each field.
  const form = page.locator("form.pledge-form");
  await expect(form).toHaveAttribute("autocomplete", "off");
  for (const label of ["Your name", "Email address", "Salford postcode", "Your commitment in your own words"])
    await expect(page.getByLabel(label)).toHaveAttribute("autocomplete", "off");

  const first = { name: "Ada Firstperson", email: uniqueEmail("kiosk-first") };
  const second = { name: "Bea Secondperson", email: uniqueEmail("kiosk-second") };

  await pledgeAtKiosk(page, campaign, first);
  // Thanked on a fresh form whose address carries nothing of the person.
  expect(new URL(page.url()).search).toBe("?thanks=1");
  await expectEmptyForm(page, [first]);
  await expectAccessible(page, "/events/:id/kiosk");

  await pledgeAtKiosk(page, campaign, second);
  await expectEmptyForm(page, [first, second]);

  // The back button brings back nothing either (every answer of the kiosk is no-store): back to the
  // page the first person typed on, and forward again.
  // With JavaScript the router loads the page's data again for each step: let it finish before the next
  // step, or the step cuts it off (an aborted body read the browser reports as a console error).
  const settled = () =>
    page.waitForFunction(() => {
      const router = (window as unknown as { __remixRouter?: RouterLike }).__remixRouter;
      const shown = router ? `${router.state.location.pathname}${router.state.location.search}` : "";
      return router?.state.navigation.state === "idle" && shown === `${location.pathname}${location.search}`;
    });
  await page.goBack();
  await settled();
  await expect(page).toHaveURL(new RegExp(`/events/${event.id}/kiosk$`));
  await expect(page.getByRole("heading", { name: "Make your Social Value City pledge" })).toBeVisible();
  await expectEmptyForm(page, [first, second]);
  await page.goForward();
  await settled();
  await expect(page).toHaveURL(/\?thanks=1$/);
  await expectEmptyForm(page, [first, second]);

  const answer = await page.request.get(`/events/${event.id}/kiosk?thanks=1`);
  expect(answer.headers()["cache-control"]).toBe("no-store");
  const data = await page.request.get(`/events/${event.id}/kiosk.data?thanks=1`);
  expect(data.headers()["cache-control"]).toBe("no-store");

  // Both pledges are the event's and its campaign's, and each person is asked to confirm by email.
  for (const visitor of [first, second]) {
    expect(await pledgeAttribution(visitor.email)).toEqual([{ event_id: event.id, campaign_id: campaign.id }]);
    await emailTo(page, visitor.email, /Confirm your Salford Social Value City pledge/);
  }
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the kiosk still thanks each person on an empty form, and going back shows nothing of them", async ({
    page,
  }) => {
    test.slow();
    const { campaign, event } = await openKiosk(page);
    const first = { name: "Cal Firstperson", email: uniqueEmail("kiosk-nojs-first") };
    await pledgeAtKiosk(page, campaign, first);
    expect(new URL(page.url()).search).toBe("?thanks=1");
    await expectEmptyForm(page, [first]);
    await page.goBack();
    await expectEmptyForm(page, [first]);
    expect(await pledgeAttribution(first.email)).toEqual([{ event_id: event.id, campaign_id: campaign.id }]);
  });
});

test("the kiosk is for the event's organisers: anyone else signed in is refused", async ({ page }) => {
  test.slow();
  const event = await createStallEvent();
  await signIn(page, uniqueEmail("not-an-organiser"));
  const answer = await page.goto(`/events/${event.id}/kiosk`);
  expect(answer?.status()).toBe(403);
});

test("a busy kiosk's 'please wait' page leads nowhere but back to its form", async ({ page }) => {
  test.slow();
  const { campaign, event } = await openKiosk(page);
  // A busy minute at the stall uses up the kiosk's own limit (a form with the honeypot filled counts, stores nothing).
  // The limit is kept in each web process, and the tests run two that take new connections in turn: each post
  // comes on a new connection, until four in a row are refused, so the browser's next form meets a spent limit
  // whichever process answers it.
  const answers: number[] = [];
  await expect
    .poll(
      async () => {
        const answer = await page.request.post(`/events/${event.id}/kiosk`, {
          form: { homepage: "x" },
          headers: { Connection: "close" },
          maxRedirects: 0,
        });
        answers.push(answer.status());
        return answers.slice(-4);
      },
      { intervals: [50], timeout: 30_000 },
    )
    .toEqual([429, 429, 429, 429]);
  await pledgeAtKioskExpectingWait(page, campaign);
  await expect(page.getByRole("heading", { name: "Please wait a moment" })).toBeVisible();
  // The organiser is signed in on this tablet: the page offers no way into the site, only back to the form.
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByRole("link")).toHaveText(["Skip to main content", "Back to the form"]);
  await expectAccessible(page, "/events/:id/kiosk");
  await page.getByRole("link", { name: "Back to the form" }).click();
  await expect(page.getByRole("heading", { name: "Make your Social Value City pledge" })).toBeVisible();
});

/** The next visitor sends a filled-in form while the kiosk must wait. */
async function pledgeAtKioskExpectingWait(page: Page, campaign: SuggestingCampaign) {
  await page.getByLabel("Your name").fill("Cal Visitor");
  await page.getByLabel("Email address").fill(uniqueEmail("kiosk-wait"));
  await page.getByLabel("Salford postcode").fill("m5 4wt");
  await page.getByRole("radio", { name: campaign.suggestion }).check();
  await page.getByRole("radio", { name: "My full name" }).check();
  await page.getByRole("checkbox", { name: /Email me to confirm my pledge/ }).check();
  await page.getByRole("button", { name: "Make my pledge" }).click();
}
