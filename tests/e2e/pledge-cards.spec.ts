import { expect, expectAccessible, test } from "./fixtures";
import { createStallCampaign, createStallEvent } from "./stall-data";

/*
 * Printable QR pledge cards: a page of 8 for an event and for a campaign, each
 * leading to the pledge form pre-set for it.
 */

test("an event's cards: 8 QR codes with the address under each, a Print button, and the address opens the event's form", async ({
  page,
  baseURL,
}) => {
  const campaign = await createStallCampaign();
  const event = await createStallEvent({ campaignId: campaign.id });
  await page.goto(`/events/${event.id}/cards`);
  await expect(page.getByRole("heading", { level: 1, name: `Pledge cards at ${event.title}` })).toBeVisible();
  await expectAccessible(page, "/events/:id/cards");

  const cards = page.locator(".qr-card");
  await expect(cards).toHaveCount(8);
  await expect(page.locator(".qr-card svg")).toHaveCount(8);
  const address = `${baseURL!.replace(/^https?:\/\//, "")}/pledge?event=${event.id}`;
  for (const card of await cards.all()) {
    await expect(card.locator(".qr-card-address")).toHaveText(address);
    await expect(card).toContainText(`at ${event.title}`);
    await expect(card).toContainText("Values and ethos · Delivery · Partnerships · Internal operations and practice");
  }
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();

  // Printed: only the cards, two across and four down on one A4 page.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  const boxes = await Promise.all((await cards.all()).map((card) => card.boundingBox()));
  const columns = new Set(boxes.map((box) => Math.round(box!.x)));
  const rows = new Set(boxes.map((box) => Math.round(box!.y)));
  expect([columns.size, rows.size]).toEqual([2, 4]);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
  await page.emulateMedia({ media: "screen" });

  // The address on the card leads to the pledge form pre-set for the event and its campaign.
  await page.goto(`/pledge?event=${event.id}`);
  await expect(page.getByText(`Pledging at ${event.title}.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `Pledging for ${campaign.name}` })).toBeVisible();
});

test("a campaign's cards lead to its pre-set form", async ({ page, baseURL }) => {
  const campaign = await createStallCampaign();
  await page.goto(`/campaigns/${campaign.slug}/cards`);
  await expect(page.getByRole("heading", { level: 1, name: `Pledge cards for ${campaign.name}` })).toBeVisible();
  await expectAccessible(page, "/campaigns/:slug/cards");
  await expect(page.locator(".qr-card svg")).toHaveCount(8);
  await expect(page.locator(".qr-card-address").first()).toHaveText(
    `${baseURL!.replace(/^https?:\/\//, "")}/pledge?campaign=${campaign.slug}`,
  );
});

test("a draft event has no cards", async ({ page }) => {
  const draft = await createStallEvent({ status: "draft" });
  const answer = await page.goto(`/events/${draft.id}/cards`);
  expect(answer?.status()).toBe(404);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the cards are all there, and the page says how to print them without the button", async ({ page }) => {
    const event = await createStallEvent();
    await page.goto(`/events/${event.id}/cards`);
    await expect(page.locator(".qr-card svg")).toHaveCount(8);
    await expect(page.getByText(/Print from your browser’s menu/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Print" })).toHaveCount(0);
  });
});
