import type { Page } from "@playwright/test";
import { EXAMPLE_CAMPAIGN_SLUG, EXAMPLE_EVENT_IDS } from "../../app/models/example-data";
import { createPublicEvent, deleteEvent, type PublicTestEvent } from "./event-data";
import { expect, expectAccessible, test } from "./fixtures";

/*
 * What the public sees of events: the list and its filters, one event's page
 * (with and without JavaScript, cancelled), the map's Events layer, and the
 * upcoming events on ward, campaign and organisation pages. The site was
 * started on a new database, so its two example events are there.
 */

const EXAMPLE_AT_PLACE = "Example event: Good Neighbours winter get-together";
const EXAMPLE_ONLINE = "Example event: Getting your community group online";

let busy: PublicTestEvent;
let cancelled: PublicTestEvent;
let draft: PublicTestEvent;

test.beforeAll(async () => {
  busy = await createPublicEvent({ startsIn: "3 days", going: 7 });
  cancelled = await createPublicEvent({ startsIn: "4 days", status: "cancelled" });
  draft = await createPublicEvent({ startsIn: "2 days", status: "draft" });
});

test.afterAll(async () => {
  for (const event of [busy, cancelled, draft]) await deleteEvent(event);
});

function card(page: Page, title: string) {
  return page.locator("article.event-card", { has: page.getByRole("link", { name: title, exact: true }) });
}

test("/events lists what is coming up with places, access and Example labels, filters by ward and campaign, and never shows a draft", async ({
  page,
}) => {
  await page.goto("/events");
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  await expectAccessible(page, "/events");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" })).toBeVisible();

  const busyCard = card(page, busy.title);
  await expect(busyCard.getByTestId("event-places")).toHaveText("7 going, 3 places left");
  await expect(busyCard).toContainText("Ordsall Hall, 322 Ordsall Lane, Salford, M5 4WT (Ordsall)");
  await expect(busyCard.getByRole("list", { name: "Accessibility" })).toHaveText(/Step-free access.*Quiet space/);
  await expect(card(page, cancelled.title).locator(".tag.cancelled")).toHaveText("Cancelled");
  await expect(page.getByRole("link", { name: draft.title })).toHaveCount(0);
  await expect(card(page, EXAMPLE_AT_PLACE).locator(".tag.example")).toHaveText("Example");
  await expect(card(page, EXAMPLE_ONLINE)).toContainText("Online.");
  await expect(card(page, EXAMPLE_ONLINE).locator(".tag.example")).toHaveText("Example");

  // Eccles: the example event at a place is there; Ordsall's and the online one are not.
  await page.getByLabel("Ward", { exact: true }).selectOption("eccles");
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(/ward=eccles/);
  await expect(page.getByRole("heading", { level: 2, name: "Coming up: Eccles" })).toBeVisible();
  await expect(card(page, EXAMPLE_AT_PLACE)).toBeVisible();
  await expect(card(page, busy.title)).toHaveCount(0);
  await expect(card(page, EXAMPLE_ONLINE)).toHaveCount(0);

  await page.getByLabel("Ward", { exact: true }).selectOption("");
  await page.getByLabel("Campaign", { exact: true }).selectOption(EXAMPLE_CAMPAIGN_SLUG);
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(new RegExp(`campaign=${EXAMPLE_CAMPAIGN_SLUG}`));
  await expect(page.locator("section", { hasText: "Coming up" }).locator("article.event-card")).toHaveCount(1);
  await expect(card(page, EXAMPLE_AT_PLACE)).toBeVisible();

  await page.getByLabel("Campaign", { exact: true }).selectOption("");
  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Walkden Software Co-operative" });
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(/organisation=example-walkden-software-cooperative/);
  await expect(card(page, EXAMPLE_ONLINE)).toBeVisible();
  await expect(card(page, EXAMPLE_AT_PLACE)).toHaveCount(0);
});

test("a filter that names nothing shows every event with a notice, not an error", async ({ page }) => {
  const response = await page.goto("/events?ward=atlantis&campaign=%E2%80%AE..%2F");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("events-notice")).toHaveText(
    "There is no Salford ward by that name. There is no public campaign by that name, so this shows every event.",
  );
  await expect(card(page, busy.title)).toBeVisible();
});

test("an event's page: when, where with its map, places going and left, access, organiser, campaign, contact, calendar and the reply form", async ({
  page,
}) => {
  await page.goto("/events");
  await card(page, EXAMPLE_AT_PLACE).getByRole("link", { name: EXAMPLE_AT_PLACE }).click();
  await expect(page.getByRole("heading", { level: 1, name: EXAMPLE_AT_PLACE })).toBeVisible();
  await expectAccessible(page, "/events/:id");
  await expect(page).toHaveURL(new RegExp(`/events/${EXAMPLE_EVENT_IDS.place}$`));
  await expect(page.getByTestId("event-when")).toContainText("Example");
  await expect(page.getByTestId("event-when")).toContainText("18:30 to 20:30");
  await expect(page.getByTestId("event-place")).toContainText("in Eccles");
  await expect(page.getByRole("img", { name: /Map of Salford showing .* in Eccles/ })).toBeVisible();
  await expect(page.locator(".ward-svg-map circle")).toHaveCount(1);
  await expect(page.getByTestId("event-count")).toHaveText(/^\d+ going, \d+ places left$/);
  await expect(page.getByRole("list", { name: "Accessibility" })).toContainText("Step-free access");
  await expect(page.getByRole("link", { name: "Eccles Community Pantry" })).toHaveAttribute(
    "href",
    "/organisations/example-eccles-community-pantry",
  );
  await expect(page.getByRole("link", { name: /Good Neighbours Winter/ })).toHaveAttribute(
    "href",
    `/campaigns/${EXAMPLE_CAMPAIGN_SLUG}`,
  );
  await expect(page.getByRole("link", { name: "Add to calendar" })).toHaveAttribute(
    "href",
    `/events/${EXAMPLE_EVENT_IDS.place}/calendar.ics`,
  );
  await expect(page.locator(".event-body strong").first()).toHaveText("This is an example.");
  await expect(page.getByLabel("Your name")).toBeVisible();
  await expect(page.getByRole("button", { name: /I’d like to come/ })).toBeVisible();
  expect(await page.locator('meta[name="description"]').getAttribute("content")).toContain("18:30");
  expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(EXAMPLE_AT_PLACE);

  await page.goto(`/events/${busy.id}`);
  await expect(page.getByTestId("event-count")).toHaveText("7 going, 3 places left");

  await page.goto(`/events/${EXAMPLE_EVENT_IDS.online}`);
  await expect(page.getByTestId("event-place")).toHaveText(
    "Online. The link to join is emailed to those with a confirmed place; it is never shown on this page.",
  );
  await expect(page.getByText("example.org/join")).toHaveCount(0);
  await expect(page.locator(".ward-svg-map")).toHaveCount(0);
});

test("without JavaScript: the filters work, and an event's page shows its map and the reply form; a cancelled one says so and takes no replies", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto("/events");
    await page.getByLabel("Ward", { exact: true }).selectOption("ordsall");
    await page.getByRole("button", { name: "Show events" }).click();
    await expect(page).toHaveURL(/ward=ordsall/);
    await expect(card(page, busy.title)).toBeVisible();
    await expect(card(page, EXAMPLE_AT_PLACE)).toHaveCount(0);

    await card(page, busy.title).getByRole("link", { name: busy.title }).click();
    await expect(page.getByRole("heading", { level: 1, name: busy.title })).toBeVisible();
    await expect(page.getByRole("img", { name: /Map of Salford showing Ordsall Hall in Ordsall/ })).toBeVisible();
    await expect(page.getByTestId("event-count")).toHaveText("7 going, 3 places left");
    await expect(page.getByLabel("Email address")).toBeVisible();

    await page.goto(`/events/${cancelled.id}`);
    await expect(page.getByTestId("event-cancelled")).toContainText("This event is cancelled");
    await expect(page.getByLabel("Email address")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Add to calendar" })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("a draft, an unknown event and junk are the 404 page", async ({ page }) => {
  for (const id of [draft.id, "00000000-0000-4000-8000-000000000999", "not-an-event", "%E2%80%AE..%2F"]) {
    const response = await page.goto(`/events/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("the map's Events layer: named pins for events at a place, a toggle, and the same events as a table", async ({
  page,
}) => {
  await page.goto("/map");
  await expect(page.locator("path.ward-shape")).toHaveCount(20);
  const pins = page.locator(".leaflet-marker-icon.event-pin");
  await expect(page.locator(`.event-pin[title^="Event: ${busy.title},"]`)).toHaveCount(1);
  await expect(page.locator(`.event-pin[title^="Event (example): ${EXAMPLE_AT_PLACE},"]`)).toHaveCount(1);
  // The online example has no pin; neither has the cancelled event.
  await expect(page.locator(`.event-pin[title*="${EXAMPLE_ONLINE}"]`)).toHaveCount(0);
  await expect(page.locator(`.event-pin[title*="${cancelled.title}"]`)).toHaveCount(0);

  const table = page.getByTestId("map-events-table");
  await expect(table.getByRole("link", { name: busy.title })).toHaveAttribute("href", `/events/${busy.id}`);
  await expect(table.getByRole("link", { name: EXAMPLE_AT_PLACE })).toBeVisible();
  await expect(table.getByRole("link", { name: EXAMPLE_ONLINE })).toHaveCount(0);
  await expectAccessible(page, "/map");

  const toggle = page.getByRole("checkbox", { name: /Show the events layer/ });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(pins).toHaveCount(0);
  // The organisations' pins stay.
  await expect(page.locator(".leaflet-marker-icon:not(.event-pin)").first()).toBeVisible();
  await toggle.check();
  await expect(pins.first()).toBeVisible();

  await page.locator(`.event-pin[title*="${busy.title}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/events/${busy.id}$`));
});

test("ward, campaign and organisation pages list their upcoming events", async ({ page }) => {
  await page.goto("/wards/eccles");
  await expect(page.getByTestId("upcoming-events").getByRole("link", { name: EXAMPLE_AT_PLACE })).toHaveAttribute(
    "href",
    `/events/${EXAMPLE_EVENT_IDS.place}`,
  );
  await page.goto("/wards/ordsall");
  await expect(page.getByTestId("upcoming-events").getByRole("link", { name: busy.title })).toBeVisible();
  await page.goto(`/campaigns/${EXAMPLE_CAMPAIGN_SLUG}`);
  await expect(page.getByTestId("upcoming-events").getByRole("link", { name: EXAMPLE_AT_PLACE })).toBeVisible();
  await page.goto("/organisations/example-walkden-software-cooperative");
  await expect(page.getByTestId("upcoming-events").getByRole("link", { name: EXAMPLE_ONLINE })).toBeVisible();
  await page.getByRole("region", { name: "Upcoming events" }).getByRole("link", { name: "More events" }).click();
  await expect(page).toHaveURL(/\/events\?organisation=example-walkden-software-cooperative$/);
  // A ward with no events coming up shows no such section.
  await page.goto("/wards/little-hulton");
  await expect(page.getByRole("heading", { name: "Upcoming events" })).toHaveCount(0);
});
