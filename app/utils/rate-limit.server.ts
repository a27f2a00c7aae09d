import type { HeadersFunction } from "@remix-run/node";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "./env.server";

/**
 * Per-IP limits on the public forms. In memory, per web process: a shared
 * store would put a database round trip (and a hot row per IP) on the sign-up
 * path. With N processes a client gets at most N times the limit, which is
 * still a limit (docs/decisions/004).
 */
const limiters = new Map<string, RateLimiterMemory>();

type LimitName = "pledge" | "resend" | "login" | "kiosk" | "report";

/**
 * Pledges a minute through one event's kiosk by one organiser, whatever the
 * address: a stall's tablet takes a pledge from each person who stops, all
 * day, from one IP that the per-IP pledge limit would soon block. Only a
 * signed-in organiser of that event reaches it, while its kiosk is open
 * (app/routes/events.$id.kiosk.tsx), so a leaked session can add at most this
 * many a minute, to that event alone. Nobody fills in the form in under ten
 * seconds.
 */
export const KIOSK_PLEDGES_PER_MINUTE = 6;

function limiter(name: LimitName) {
  const env = getEnv();
  const points = {
    pledge: env.RATE_LIMIT_PLEDGE,
    resend: env.RATE_LIMIT_RESEND,
    login: env.RATE_LIMIT_LOGIN,
    kiosk: KIOSK_PLEDGES_PER_MINUTE,
    report: env.RATE_LIMIT_REPORT,
  }[name];
  const key = `${name}:${points}`;
  let found = limiters.get(key);
  if (!found) {
    found = new RateLimiterMemory({ keyPrefix: name, points, duration: 60 });
    limiters.set(key, found);
  }
  return found;
}

/** Throws a 429 with Retry-After when this key (an IP; for the kiosk, an event and its organiser) has used its allowance. */
export async function enforceRateLimit(name: LimitName, key: string, message: string) {
  try {
    await limiter(name).consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new Response(message, {
      status: 429,
      statusText: "Too Many Requests",
      headers: { "Retry-After": String(Math.ceil(rejection.msBeforeNext / 1000)) },
    });
  }
}

/**
 * Export as `headers` from every rate-limited route. Remix drops the headers
 * of a Response thrown during a document request unless the route's headers
 * function passes errorHeaders on, so without this the 429 reached the
 * browser with no Retry-After.
 */
export const rateLimitHeaders: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers(parentHeaders);
  // Remix adds Set-Cookie from these itself.
  for (const own of [loaderHeaders, actionHeaders])
    own.forEach((value, name) => {
      if (name !== "set-cookie") headers.set(name, value);
    });
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
