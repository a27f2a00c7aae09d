import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { routePattern } from "../route-patterns";
import { currentStep, totpCode } from "../totp";
import { databaseUrl, withDatabase } from "./database";

/** A console error in the browser fails the test that caused it. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors = await recordConsoleErrors(page);
      await use(errors);
      expect(errors, "console errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/**
 * Collects the page's console errors, uncaught exceptions and Content-Security-Policy
 * violations. The `page` of every test has it already; pages a test opens itself
 * and keeps across tests call it and check the list.
 */
export async function recordConsoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    // A 4xx the test asked for (a form with errors answers 400, a missing page 404)
    // is the page working; Chromium still logs it as an error.
    if (/Failed to load resource: the server responded with a status of 4(00|03|04|29)/.test(message.text())) return;
    // The outbox shows an email in a sandbox that forbids scripts; the scripts the tests put
    // into every frame (the watcher below, axe) are refused there, and Chromium says so.
    if (
      message.text().startsWith("Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed")
    )
      return;
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await watchContentSecurityPolicy(page);
  return errors;
}

/**
 * Records every Content-Security-Policy violation in `window.cspViolations`
 * and logs it as a console error, which fails the test that caused it.
 */
export async function watchContentSecurityPolicy(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
      console.error(
        `Content-Security-Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`,
      );
    });
  });
}

/** The URL pattern of the route that rendered the page now shown, once the app has hydrated and is not navigating. */
async function renderedRoute(page: Page) {
  const id = await page.evaluate(() => {
    type Router = { state: { navigation: { state: string }; matches: { route: { id: string } }[] } };
    const router = (window as unknown as { __remixRouter?: Router }).__remixRouter;
    if (!router || router.state.navigation.state !== "idle") return null;
    return router.state.matches.at(-1)?.route.id ?? null;
  });
  return id ? routePattern(id) : null;
}

/**
 * No serious or critical WCAG 2.x A/AA violation on the page as it stands.
 * `route` is the URL pattern of the page (as app/accessibility-coverage.test.ts
 * counts them, e.g. "/organisations/:slug/manage"): the scan fails unless that
 * route rendered the page, so the coverage guard can believe it.
 */
export async function expectAccessible(page: Page, route?: string) {
  if (route !== undefined)
    await expect
      .poll(() => renderedRoute(page), { message: `the page scanned is ${route} (${page.url()})`, timeout: 15_000 })
      .toBe(route);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    // axe runs as a script inside each frame; in a sandbox that forbids scripts (the outbox's
    // view of an email, which is the email's markup, not a page of the site) it never finishes.
    .exclude('iframe[sandbox]:not([sandbox~="allow-scripts"])')
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/**
 * How long to wait for the worker to deliver an email to the outbox: it polls
 * every 200 ms, so this is a guard against a stuck worker, not a speed test.
 */
export const EMAIL_WAIT_MS = 25_000;

type OutboxMessage = { id: string; to: string; subject: string; text: string; html: string; createdAt: string };

/** Waits for the newest email to this address in the local outbox, as the worker delivers it. */
export async function emailTo(page: Page, to: string, subject: RegExp): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/dev/outbox.json");
        const messages = (await response.json()) as OutboxMessage[];
        found = messages.find((m) => m.to === to && subject.test(m.subject));
        return Boolean(found);
      },
      { message: `an email to ${to} matching ${subject}`, timeout: EMAIL_WAIT_MS },
    )
    .toBe(true);
  return found!;
}

export function linkIn(message: OutboxMessage, path: string) {
  const match = message.text.match(new RegExp(`https?://[^\\s]+${path}[^\\s]*`));
  if (!match) throw new Error(`no ${path} link in "${message.subject}"`);
  return match[0];
}

/** The home page's headline number. */
export async function homeTotal(page: Page) {
  await page.goto("/");
  const text = await page.getByTestId("tally-total").textContent();
  return Number(text!.replace(/,/g, ""));
}

let counter = 0;
export function uniqueEmail(label: string) {
  counter += 1;
  return `${label}-${Date.now()}-${counter}@example.org`;
}

/** Asks for a sign-in link on /login (that came from `redirectTo`), as a person would, and waits for it in the outbox. */
export async function requestSignInLink(page: Page, email: string, redirectTo?: string) {
  await page.goto(redirectTo === undefined ? "/login" : `/login?${new URLSearchParams({ redirectTo })}`);
  await page.getByLabel("Email address").fill(email);
  // The link asked for now, not one sent before (the same address signs in more than once):
  // told apart by the messages already there, not by a clock a busy machine can outrun.
  const outbox = async () => (await (await page.request.get("/dev/outbox.json")).json()) as OutboxMessage[];
  const before = new Set((await outbox()).map((m) => m.id));
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  let link = "";
  await expect
    .poll(
      async () => {
        const message = (await outbox()).find(
          (m) => m.to === email && /sign-in link/.test(m.subject) && !before.has(m.id),
        );
        link = message ? linkIn(message, "/login/") : "";
        return link;
      },
      { message: `a sign-in link for ${email}`, timeout: EMAIL_WAIT_MS },
    )
    .not.toBe("");
  return link;
}

/**
 * Signs in by magic link, as a person would: ask, open the email, press the
 * button. An admin or moderator is then asked for the second step: the first
 * time, the fixture sets up the authenticator app through the setup page (it
 * reads the key the page shows for typing in); after that it types the app's
 * code, made from the key the site stored.
 */
export async function signIn(page: Page, email: string) {
  const link = await requestSignInLink(page, email);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(link);
  const path = new URL(page.url()).pathname;
  if (path === "/account/two-factor/setup") {
    await setUpAuthenticator(page, email);
    await page.getByRole("link", { name: /I have kept my recovery codes/ }).click();
  } else if (path === "/login/two-factor") await enterAuthenticatorCode(page, email);
  await expect(page).not.toHaveURL(/\/(login|account)\/two-factor/);
  await expect(page.getByRole("button", { name: "Sign out" }).first()).toBeVisible();
}

/**
 * The latest step whose code each address has used in this run: the site takes
 * each code once, and the same admin may sign in twice within 30 seconds.
 */
const usedSteps = new Map<string, number>();

/**
 * The step to type a code for: this one, or (this one's code used) the next,
 * which the site also takes (a phone a little ahead); else wait for a later one.
 */
async function freshStep(email: string) {
  const used = usedSteps.get(email) ?? 0;
  await expect
    .poll(() => currentStep() + 1 > used, { message: `a code ${email} has not used`, timeout: 45_000 })
    .toBe(true);
  const step = Math.max(currentStep(), used + 1);
  usedSteps.set(email, step);
  return step;
}

/** On the setup page: adds the key (as typed into an app) and confirms it with a first code; the recovery codes show. */
export async function setUpAuthenticator(page: Page, email: string) {
  await expect(page.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  await page.getByLabel("Code from the app").fill(totpCode(secret, await freshStep(email)));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  return { secret, recoveryCodes: await page.getByTestId("recovery-codes").locator("code").allTextContents() };
}

/** The key the site keeps for this address's authenticator app. */
export async function storedTotpSecret(email: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ totp_secret: string | null }>(
      "SELECT totp_secret FROM app_user WHERE email_normalised = lower($1)",
      [email],
    );
    if (!rows[0]?.totp_secret) throw new Error(`${email} has no authenticator app set up`);
    return rows[0].totp_secret;
  });
}

/**
 * On /login/two-factor: types the app's code. A code this test process did not
 * know was used (another process signed in as the same address within the
 * step) is refused as used; then the next step's code is typed.
 */
export async function enterAuthenticatorCode(page: Page, email: string) {
  const secret = await storedTotpSecret(email);
  const refused = page.getByText(/^That code (has been used|is not right)/);
  const stillHere = () => new URL(page.url()).pathname === "/login/two-factor";
  for (let attempt = 0; attempt < 3; attempt++) {
    await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
    await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, await freshStep(email)));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect
      .poll(async () => !stillHere() || (await refused.isVisible()), { message: "the code taken or refused" })
      .toBe(true);
    if (!stillHere()) return;
    if (!(await page.getByText(/^That code has been used/).isVisible()))
      throw new Error(`the code for ${email} was refused: ${await refused.textContent()}`);
  }
  throw new Error(`no code for ${email} was taken`);
}

type PledgeChoices = { quality?: RegExp; suggestion?: RegExp | string; postcode?: string };

/** Fills in the open pledge form as a resident would. */
export async function fillPledgeForm(page: Page, email: string, options: PledgeChoices = {}) {
  await page.getByLabel("Your name").fill("Jane Smith");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Salford postcode").fill(options.postcode ?? "m5 4wt");
  await page.getByRole("checkbox", { name: options.quality ?? /Values and ethos/ }).check();
  await page
    .getByRole("radio", { name: options.suggestion ?? "I will get to know a neighbour I have not spoken to before." })
    .check();
  await page.getByRole("radio", { name: /first name and the initial/ }).check();
  await page.getByRole("checkbox", { name: /Email me to confirm my pledge/ }).check();
}

/** Opens the pledge form, fills it in and submits it. */
export async function submitPledge(page: Page, email: string, options: PledgeChoices = {}) {
  await page.goto("/pledge");
  await fillPledgeForm(page, email, options);
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Check your email to confirm your pledge" })).toBeVisible();
}

/** Opens the confirmation email's link and presses the button. */
export async function confirmFromOutbox(page: Page, email: string) {
  await page.goto(linkIn(await emailTo(page, email, /Confirm your Salford Social Value City pledge/), "/confirm/"));
  await page.getByRole("button", { name: "Confirm my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Thank you: your pledge is confirmed" })).toBeVisible();
}

/** How far the page scrolls sideways: 0 (or less) when it fits the window, as at 320 px it must. */
export function sideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Moves time for the running site: queues the nudges due that many days from
 * now, through the real script, and returns what it printed.
 */
export function nudgesDueIn(days: number) {
  const asOf = new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/nudges-due.ts", "--as-of", asOf], {
    // The links in the emails must point at the site under test, signed with the secret it keeps in its DATA_DIR.
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: process.env.E2E_DATA_DIR ?? ".e2e",
      APP_URL: String(test.info().project.use.baseURL),
    },
    encoding: "utf8",
    // It blocks the test runner while it runs, so no test timeout can stop it: a guard against a hang of its own.
    timeout: 120_000,
  });
}
