import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { createPublicEvent } from "./event-data";
import { emailTo, expect, expectAccessible, linkIn, test, uniqueEmail } from "./fixtures";

/*
 * Replying to an event, confirming the place from the emailed link and
 * giving it up from the next email, through the real site, its worker and its
 * outbox: with JavaScript off (plain forms and pages), and with it on for the
 * accessibility scan of each page. Each test makes its own event.
 */

const JOINING_LINK = "https://meet.example.org/e2e-rsvp";

/** A published online event a week from now with one place. */
function createOnlineEvent(title: string) {
  return createPublicEvent({
    title,
    description: "An event made by the end-to-end tests.",
    startsIn: "7 days",
    onlineUrl: JOINING_LINK,
    capacity: 1,
    accessible: false,
  });
}

/** Replies on the event's page, confirms from the emailed link, and gives the place up from the next email. */
async function replyConfirmAndCancel(page: Page, options: { scan: boolean }) {
  const event = await createOnlineEvent(`RSVP journey ${randomUUID().slice(0, 8)}`);
  const email = uniqueEmail("rsvp");
  await page.goto(`/events/${event.id}`);
  await page.getByLabel("Your name").fill("Rosa Parks");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: /I’d like to come/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  if (options.scan) await expectAccessible(page, "/events/:id/rsvp");

  const confirmLink = linkIn(await emailTo(page, email, /Confirm your place/), "/rsvps/confirm/");
  await page.goto(confirmLink);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your place" })).toBeVisible();
  // Opening the link took no place: the joining link is not shown yet, and the page asks for the button.
  await expect(page.getByText(JOINING_LINK)).toHaveCount(0);
  if (options.scan) await expectAccessible(page, "/rsvps/confirm/:token");
  await page.getByRole("button", { name: "Confirm my place" }).click();

  await expect(page.getByRole("heading", { level: 1, name: `Your place at ${event.title}` })).toBeVisible();
  await expect(page.getByText("You have a place.")).toBeVisible();
  await expect(page.getByRole("link", { name: JOINING_LINK })).toBeVisible();
  if (options.scan) await expectAccessible(page, "/rsvps/manage/:token");

  const going = await emailTo(page, email, /You’re going/);
  // The calendar file travels with it: the outbox shows what was attached.
  await page.goto(`/dev/outbox/${going.id}`);
  const attached = page.getByRole("region", { name: /^Attached: .+\.ics$/ });
  await expect(attached).toContainText("BEGIN:VCALENDAR");
  await expect(attached).toContainText(`SUMMARY:${event.title}`);
  await page.goto(linkIn(going, "/rsvps/manage/"));
  await expect(page.getByText("You have a place.")).toBeVisible();
  await page.getByRole("button", { name: "Cancel my place" }).click();
  await expect(page.getByText("You have cancelled your place.")).toBeVisible();
  await expect(page.getByText("You are not coming to this event.")).toBeVisible();
  await expect(page.getByText(JOINING_LINK)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Cancel my place" })).toHaveCount(0);
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("a person replies, confirms from the emailed link, is going, and can cancel", async ({ page }) => {
    // Several emails through the worker: the time limit guards against a hang, not a slow machine.
    test.slow();
    await replyConfirmAndCancel(page, { scan: false });
  });

  test("a mistake in the form shows the form again on its own page, with each error beside its field", async ({
    page,
  }) => {
    const event = await createOnlineEvent(`RSVP mistakes ${randomUUID().slice(0, 8)}`);
    await page.goto(`/events/${event.id}`);
    await page.getByLabel("Email address").fill("not an email");
    await page.getByRole("button", { name: /I’d like to come/ }).click();
    await expect(page).toHaveURL(new RegExp(`/events/${event.id}/rsvp$`));
    await expect(page.getByRole("heading", { level: 1, name: `Reply to ${event.title}` })).toBeVisible();
    await expect(page.getByLabel("Your name")).toHaveAccessibleDescription(/Enter your name/);
    await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(
      /Enter an email address like name@example.com/,
    );
    await expect(page.getByLabel("Email address")).toHaveValue("not an email");
  });
});

test("every RSVP page passes the accessibility scan", async ({ page }) => {
  test.slow();
  await replyConfirmAndCancel(page, { scan: true });
  const event = await createOnlineEvent(`RSVP form page ${randomUUID().slice(0, 8)}`);
  await page.goto(`/events/${event.id}/rsvp`);
  await expect(page.getByRole("heading", { level: 1, name: `Reply to ${event.title}` })).toBeVisible();
  await expectAccessible(page, "/events/:id/rsvp");
});
