/**
 * The hostile probe's findings, replayed against the real `npm start` site
 * (two web processes, the production build): cross-site writes, bodies that
 * once killed a process, the outbox behind a proxy, headers on every page.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import fc from "fast-check";
import { EXAMPLE_CAMPAIGN_SLUG, EXAMPLE_EVENT_IDS } from "../../app/models/example-data";
import { baseURL } from "../../playwright.config";
import {
  confirmFromOutbox,
  emailTo,
  expect,
  fillPledgeForm,
  linkIn,
  requestSignInLink,
  signIn,
  submitPledge,
  test,
  uniqueEmail,
} from "./fixtures";

/** A small web server on another port of this host: what the probe's attack page was. */
async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://localhost:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function post(
  request: APIRequestContext,
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  return request.post(path, {
    data: body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    maxRedirects: 0,
  });
}

async function accountPledgeCount(page: Page) {
  await page.goto("/account");
  return page.getByRole("button", { name: /Withdraw/ }).count();
}

test("a page on another port cannot withdraw, verify, invite or sign out with a signed-in person's cookie", async ({
  page,
}) => {
  // Three emails through the worker before the attack starts: the limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("csrf");
  await submitPledge(page, email);
  await confirmFromOutbox(page, email);
  await signIn(page, email);
  expect(await accountPledgeCount(page)).toBe(1);
  const pledgeId = await page.locator('input[name="pledgeId"]').first().inputValue();

  // The attack page: a form that posts into the site, sent by the person's own browser
  // (same site, another port: SameSite=Lax still sends the cookie).
  const attacker = await serve((_req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<!doctype html><title>Win a prize</title>
      <form method="post" action="${baseURL}/account?_data=routes%2Faccount._index">
        <input type="hidden" name="intent" value="withdraw"><input type="hidden" name="pledgeId" value="${pledgeId}">
        <button>Claim your prize</button>
      </form>`);
  });
  try {
    await page.goto(attacker.origin);
    const answered = page.waitForResponse((r) => r.url().startsWith(`${baseURL}/account`));
    await page.getByRole("button", { name: "Claim your prize" }).click();
    expect((await answered).status()).toBe(403);

    // The other three, as the same browser would send them from that page.
    const foreign = { Origin: attacker.origin, "Sec-Fetch-Site": "same-site" };
    const attempts = [
      [
        "/admin/organisations?_data=routes%2Fadmin.organisations",
        form({ organisationId: pledgeId, decision: "verify" }),
      ],
      [
        "/organisations/example/manage?_data=routes%2Forganisations.%24slug.manage",
        form({ intent: "invite", email: "attacker@example.org" }),
      ],
      ["/logout", form({ everywhere: "1" })],
      ["/account?_data=routes%2Faccount._index", form({ intent: "withdraw", pledgeId })],
    ] as const;
    for (const [path, body] of attempts) {
      const response = await post(page.request, path, body, foreign);
      expect(response.status(), path).toBe(403);
      // Origin alone (an older browser without Sec-Fetch-Site) is refused too.
      expect((await post(page.request, path, body, { Origin: attacker.origin })).status(), path).toBe(403);
    }
  } finally {
    await attacker.close();
  }
  // Still signed in, and the pledge still stands.
  expect(await accountPledgeCount(page)).toBe(1);
});

test("bodies that once took a web process down are 4xx, and the site keeps answering", async ({ request }) => {
  const hostile: [string, string | Buffer, Record<string, string>][] = [
    ["bracket index a billion", "qualities%5B999999999%5D=1", {}],
    ["bracket index ten million on any name", "x%5B10000000%5D=1", {}],
    ["nested indexes", "a%5B0%5D%5B5000%5D=1&b.c%5B99999%5D=2", {}],
    ["JSON", JSON.stringify({ name: "x" }), { "Content-Type": "application/json" }],
    ["text/plain", "name=x", { "Content-Type": "text/plain" }],
    ["no content type", "name=x", { "Content-Type": "" }],
    [
      "broken multipart",
      '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      { "Content-Type": "multipart/form-data; boundary=yy" },
    ],
    ["two megabytes", Buffer.alloc(2 * 1024 * 1024, "a"), {}],
    [
      "NUL in a name",
      form({
        name: "Jane\u0000Smith",
        email: "nul@example.org",
        postcode: "M5 4WT",
        qualities: "values",
        suggestion: "values-respect",
        nameDisplay: "full",
        nudgeConsent: "on",
      }),
      {},
    ],
    [
      "a date PostgreSQL cannot store",
      form({
        name: "Jane",
        email: "far@example.org",
        postcode: "M5 4WT",
        qualities: "values",
        suggestion: "values-respect",
        nameDisplay: "full",
        nudgeConsent: "on",
        targetDate: "+275760-09-13",
      }),
      {},
    ],
  ];
  // Two of each at once: one per web process, which is what took the whole site down.
  for (const [label, body, headers] of hostile) {
    const answers = await Promise.all([0, 1].map(() => post(request, "/pledge", body, headers)));
    for (const answer of answers) {
      expect(answer.status(), label).toBeGreaterThanOrEqual(400);
      expect(answer.status(), label).toBeLessThan(500);
    }
  }
  for (const path of [
    "/confirm/%FF",
    "/check-in/%E0%A4%A",
    "/unsubscribe/%C0",
    "/organisations/%00",
    "/organisations?q=%00",
  ])
    expect((await request.get(path)).status(), path).toBe(400);
  // A chunked body (no length to refuse it by) over the form cap: the sender still hears the 413.
  const chunked = await new Promise<number>((resolve, reject) => {
    const upload = http.request(
      new URL("/pledge", baseURL),
      { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
      (answer) => {
        answer.resume();
        resolve(answer.statusCode ?? 0);
      },
    );
    upload.on("error", reject);
    const body = `name=${"a".repeat(70_000)}`;
    for (let i = 0; i < body.length; i += 8192) upload.write(body.slice(i, i + 8192));
    upload.end();
  });
  expect(chunked).toBe(413);
  const home = await Promise.all(Array.from({ length: 8 }, () => request.get("/")));
  expect(home.map((r) => r.status())).toEqual(Array(8).fill(200));
});

test("the outbox is not served through a reverse proxy, even one on the same machine", async ({ request }) => {
  expect((await request.get("/dev/outbox.json")).status()).toBe(200); // the developer's own browser
  const target = new URL(baseURL);
  const proxy = (host: string, forward: boolean) =>
    serve((req, res) => {
      const upstream = http.request(
        {
          host: "127.0.0.1",
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host, ...(forward ? { "x-forwarded-for": "198.51.100.23" } : {}) },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
  // A proxy passing the public name (Caddy, nginx with proxy_set_header Host $host) …
  const publicName = await proxy("pledge.salford.example", true);
  // … and one passing the upstream's own name (nginx's default) but adding X-Forwarded-For.
  const upstreamName = await proxy(target.host, true);
  try {
    for (const via of [publicName, upstreamName])
      for (const path of ["/dev/outbox.json", "/dev/outbox", "/dev/outbox/1"])
        expect((await request.get(`${via.origin}${path}`)).status(), `${via.origin}${path}`).toBe(404);
  } finally {
    await publicName.close();
    await upstreamName.close();
  }
});

test.describe("signing in never sends the browser to another site, whatever redirectTo says", () => {
  for (const redirectTo of [
    "/\t/example.org",
    "//example.org",
    "/\\example.org",
    "https://example.org/",
    "/%0d%0aSet-Cookie:x=1",
  ]) {
    test(`redirectTo=${JSON.stringify(redirectTo)}`, async ({ page }) => {
      await page.goto(await requestSignInLink(page, uniqueEmail("redirect"), redirectTo));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/login/"));
      expect(new URL(page.url()).origin).toBe(new URL(baseURL).origin);
      // And the link did sign in.
      await page.goto("/account");
      await expect(page.getByRole("button", { name: "Sign out" }).first()).toBeVisible();
    });
  }
});

/** The security headers, a description, hydration (the nonced scripts ran) and no Content-Security-Policy violation. */
async function expectSecurePage(page: Page, path: string) {
  const response = await page.goto(path);
  const headers = response!.headers();
  expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["x-frame-options"], path).toBe("DENY");
  expect(headers["referrer-policy"], path).toBe(
    path.startsWith("/confirm/") ? "no-referrer" : "strict-origin-when-cross-origin",
  );
  // Every page says what it is (search results, link previews).
  await expect(page.locator('meta[name="description"]'), path).toHaveCount(1);
  // Hydrated: the scripts carrying the nonce ran.
  await expect
    .poll(() => page.evaluate(() => "__remixRouter" in window), { message: `${path} hydrates`, timeout: 20_000 })
    .toBe(true);
  if (path.startsWith("/map")) await expect(page.locator(".leaflet-interactive").first()).toBeVisible();
  // Violations are also console errors, which fail the test through the fixture.
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), path).toEqual([]);
}

test.describe("every page carries the security headers and a description, and none breaks its Content-Security-Policy", () => {
  // Pages found by following a pledge through: a pledge page, its confirmation link, an email in the outbox.
  const found = new Map<string, string>();
  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = uniqueEmail("headers");
    await submitPledge(page, email);
    found.set("a confirmation link", new URL(linkIn(await emailTo(page, email, /Confirm your/), "/confirm/")).pathname);
    const outbox = (await (await page.request.get("/dev/outbox.json")).json()) as { id: string }[];
    found.set("an email in the outbox", `/dev/outbox/${outbox[0]!.id}`);
    found.set(
      "a pledge page",
      (await (await page.request.get("/pledges")).text()).match(/\/pledges\/[0-9a-f-]{36}/)![0],
    );
    await context.close();
  });

  for (const path of [
    "/",
    "/pledge",
    "/pledge/sent",
    "/pledge/resend",
    "/pledges",
    "a pledge page",
    "/map",
    `/map?campaign=${EXAMPLE_CAMPAIGN_SLUG}`,
    "/wards/barton-and-winton",
    "/campaigns",
    `/campaigns/${EXAMPLE_CAMPAIGN_SLUG}`,
    `/pledge?campaign=${EXAMPLE_CAMPAIGN_SLUG}`,
    "/organisations",
    "/organisations/new",
    "/events",
    `/events/${EXAMPLE_EVENT_IDS.place}`,
    `/events/${EXAMPLE_EVENT_IDS.online}`,
    `/events/${EXAMPLE_EVENT_IDS.place}/rsvp`,
    `/events/${EXAMPLE_EVENT_IDS.place}/cards`,
    `/campaigns/${EXAMPLE_CAMPAIGN_SLUG}/cards`,
    `/pledge?event=${EXAMPLE_EVENT_IDS.place}`,
    "/stories",
    "/login",
    "/login/sent",
    "a confirmation link",
    "/dev/outbox",
    "an email in the outbox",
    "/no-such-page",
  ]) {
    test(path, async ({ page }) => {
      await expectSecurePage(page, found.get(path) ?? path);
    });
  }

  test("the signed-in pages: the account and the admin pages", async ({ page }) => {
    await signIn(page, "alliance-admin@example.org");
    for (const path of [
      "/account",
      "/admin",
      "/admin/organisations",
      "/admin/emails",
      "/admin/campaigns",
      "/admin/campaigns/new",
      "/events/new",
      `/events/${EXAMPLE_EVENT_IDS.place}/edit`,
      `/events/${EXAMPLE_EVENT_IDS.place}/manage`,
      `/events/${EXAMPLE_EVENT_IDS.place}/kiosk`,
    ])
      await expectSecurePage(page, path);
  });
});

test("hundreds of generated hostile requests through the real server: never a 5xx, and the site keeps answering", async ({
  request,
}) => {
  // Four hundred requests, one after another: the limit guards against a hang, not a slow machine.
  test.slow();
  const paths = [
    "/pledge",
    "/pledge/resend",
    "/login",
    "/logout",
    "/organisations/new",
    "/account",
    "/admin/organisations",
    "/admin/campaigns/new",
    `/pledge?campaign=${EXAMPLE_CAMPAIGN_SLUG}`,
    `/pledge?event=${EXAMPLE_EVENT_IDS.place}`,
    "/events/new",
    `/events/${EXAMPLE_EVENT_IDS.place}/rsvp`,
    `/events/${EXAMPLE_EVENT_IDS.place}/manage`,
    `/events/${EXAMPLE_EVENT_IDS.place}/kiosk`,
    "/rsvps/confirm/abc",
    "/rsvps/manage/abc",
    "/confirm/abc",
    "/check-in/abc",
    "/unsubscribe/abc",
    "/preferences/abc",
    "/webhooks/resend",
    "/pledge?_data=routes%2Fpledge._index",
    "/pledge.data",
    "/no-such-page",
  ];
  const fieldName = fc.oneof(
    fc.constantFrom(
      "name",
      "email",
      "postcode",
      "qualities",
      "suggestion",
      "ownWords",
      "nameDisplay",
      "nudgeConsent",
      "targetDate",
      "campaign",
      "event",
      "conditional",
      "updatesConsent",
      "redirectTo",
      "intent",
      "homepage",
    ),
    fc.string({ maxLength: 30 }),
    fc.tuple(fc.constantFrom("qualities", "x", "a.b"), fc.nat({ max: 2_000_000_000 })).map(([n, i]) => `${n}[${i}]`),
  );
  const fieldValue = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 50 }),
    fc.constantFrom(
      "\u0000",
      "+275760-09-13",
      "%FF",
      "<script>alert(1)</script>",
      "/\t/example.org",
      "x".repeat(5000),
      "M5 4WT",
      "values",
    ),
  );
  const body = fc.oneof(
    fc
      .array(fc.tuple(fieldName, fieldValue), { maxLength: 12 })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")),
    fc.string({ maxLength: 300 }),
    fc.json(),
  );
  const contentType = fc.constantFrom(
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=zz",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "",
    "application/x-www-form-urlencoded; charset=utf-16",
  );
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...paths), body, contentType, async (path, data, type) => {
      const response = await request.post(path, { data, headers: { "Content-Type": type }, maxRedirects: 0 });
      statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
      return response.status() < 500;
    }),
    { numRuns: 400, seed: Number(process.env.HOSTILE_SEED ?? Date.now() % 100000) },
  );
  expect(
    [...statuses.keys()].every((s) => s < 500),
    JSON.stringify(Object.fromEntries(statuses)),
  ).toBe(true);
  expect((await request.get("/")).status()).toBe(200);
});

test("words people write are shown as words, never run as markup", async ({ page }) => {
  // Two emails through the worker: the limit guards against a hang, not a slow machine.
  test.slow();
  const email = uniqueEmail("markup");
  const words = `I will <img src=x onerror="window.ran=1"><script>window.ran=1</script> help`;
  const ran = () => page.evaluate(() => (window as unknown as { ran?: number }).ran);
  await page.goto("/pledge");
  await fillPledgeForm(page, email);
  await page.getByRole("radio", { name: "In my own words" }).check();
  await page.getByLabel("Your commitment in your own words").fill(words);
  await page.getByRole("button", { name: "Make my pledge" }).click();
  await expect(page.getByRole("heading", { name: "Check your email to confirm your pledge" })).toBeVisible();
  await confirmFromOutbox(page, email);
  const pledgeLink = linkIn(await emailTo(page, email, /Your pledge counts/), "/pledges/");
  await page.goto(pledgeLink);
  await expect(page.getByText(words)).toBeVisible();
  expect(await page.locator("main img[src=x], main script").count()).toBe(0);
  expect(await ran()).toBeUndefined();
  await page.goto("/pledges");
  await expect(page.getByText(words).first()).toBeVisible();
  expect(await ran()).toBeUndefined();
});
