/**
 * The sign-in form's rate limit (RATE_LIMIT_LOGIN a minute), through the
 * route's action against the test database: per connection, so one client
 * cannot flood inboxes, and per email address, so one inbox cannot be
 * flooded from many connections. Nobody else is held up by either.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { actionArgs, freshIp, settle } from "../../tests/helpers";
import { action } from "./login._index";

const LIMIT = 3;
const saved = process.env.RATE_LIMIT_LOGIN;
beforeAll(() => {
  process.env.RATE_LIMIT_LOGIN = String(LIMIT);
  resetEnvCache();
});
afterAll(() => {
  if (saved === undefined) delete process.env.RATE_LIMIT_LOGIN;
  else process.env.RATE_LIMIT_LOGIN = saved;
  resetEnvCache();
});

let n = 0;
const address = (label: string) => `${label}-${++n}@example.org`;

async function signInRequest(email: string, ip: string) {
  return (await settle(() => action(actionArgs("/login", { email, redirectTo: "/account" }, { ip })))) as Response;
}

const linksSentTo = (email: string) =>
  prisma.emailMessage.count({ where: { toAddress: email, template: "magic-link" } });

/** The request was let through: a link is on its way and the browser goes to "check your email". */
function expectSent(response: Response) {
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/login/sent");
}

async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  expect(await response.text()).toMatch(/a lot of sign-in emails/);
  const retryAfter = Number(response.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe(`POST /login with RATE_LIMIT_LOGIN=${LIMIT}`, () => {
  test("one connection gets that many sign-in emails a minute, then 429 with a message and Retry-After", async () => {
    const ip = freshIp();
    const emails = Array.from({ length: LIMIT + 1 }, () => address("per-ip"));
    for (const email of emails.slice(0, LIMIT)) expectSent(await signInRequest(email, ip));
    await expectLimited(await signInRequest(emails[LIMIT]!, ip));
    // Refused before anything was queued.
    expect(await linksSentTo(emails[LIMIT]!)).toBe(0);
    expect(await linksSentTo(emails[0]!)).toBe(1);

    // Someone else, on another connection, is not held up.
    const other = address("bystander");
    expectSent(await signInRequest(other, freshIp()));
    expect(await linksSentTo(other)).toBe(1);
  });

  test("one address gets that many sign-in emails a minute whichever connections ask, then 429", async () => {
    const target = address("per-email");
    for (let i = 0; i < LIMIT; i++) expectSent(await signInRequest(target, freshIp()));
    // Another spelling of the same inbox counts against it too.
    await expectLimited(await signInRequest(target.toUpperCase(), freshIp()));
    expect(await linksSentTo(target)).toBe(LIMIT);

    const other = address("unaffected");
    expectSent(await signInRequest(other, freshIp()));
    expect(await linksSentTo(other)).toBe(1);
  });
});
