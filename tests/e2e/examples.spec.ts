import { expect, test } from "./fixtures";

/*
 * A new embedded database (as this server's is, with DEMO=1) holds example
 * organisations; a visitor must be able to tell them from real ones wherever
 * they appear.
 */
test("example organisations are labelled Example in the directory, on their profiles and on the map's pins", async ({
  page,
}) => {
  await page.goto("/organisations");
  const exampleCards = page.locator("li.card").filter({ has: page.locator(".tag.example", { hasText: "Example" }) });
  await expect(exampleCards).toHaveCount(6);
  const names = await exampleCards.getByRole("link").allTextContents();

  const first = exampleCards.first().getByRole("link");
  const name = (await first.textContent())!;
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.locator(".tag.example")).toHaveText("Example");

  await page.goto("/map");
  await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
  const pins = await page
    .locator(".leaflet-marker-icon:not(.pin-cluster)")
    .evaluateAll((icons) => icons.map((i) => i.getAttribute("title") ?? ""));
  // Other tests may add real organisations meanwhile: only the examples' pins must say so.
  const examplePins = pins.filter((title) => names.some((n) => title.includes(n)));
  expect(examplePins.length).toBeGreaterThan(0);
  for (const title of examplePins) expect(title).toMatch(/^Example: /);
});
