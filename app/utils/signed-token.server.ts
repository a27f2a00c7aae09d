import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecrets } from "./env.server";

/**
 * Short, signed, expiring tokens for links that act without a sign-in
 * (unsubscribe, preferences, check-ins). Each purpose signs with its own key,
 * derived from SESSION_SECRET, so a token made for one link can never open
 * another: an unsubscribe link from an email header does not open the
 * preferences page. Every secret in the comma-separated list verifies, so
 * rotating does not break the links in emails already sent.
 */
export type TokenPurpose = "unsubscribe" | "preferences" | "check-in" | "rsvp";

const DAY_MS = 24 * 3600 * 1000;
// Our tokens are under 200 characters; anything much longer is not one of ours,
// and is refused before any decoding or hashing work is spent on it.
const MAX_TOKEN_LENGTH = 1024;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

// Derived keys are cached: a nudge run signs four check-in links per pledge.
const keys = new Map<string, Buffer>();
function keyFor(secret: string, purpose: TokenPurpose) {
  const id = `${purpose}\n${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = createHmac("sha256", secret).update(`purpose:${purpose}`).digest();
    keys.set(id, key);
  }
  return key;
}

function mac(body: string, secret: string, purpose: TokenPurpose) {
  return createHmac("sha256", keyFor(secret, purpose)).update(body).digest("base64url");
}

/**
 * A token for `purpose` carrying `payload`, valid for `expiresInDays` days from
 * `issuedAt` (now, unless the token must come out the same each time it is
 * made, as in an email sent again under its idempotency key).
 */
export function signToken(
  purpose: TokenPurpose,
  payload: Record<string, unknown>,
  expiresInDays: number,
  issuedAt: Date = new Date(),
) {
  if (!(expiresInDays > 0)) throw new Error("A signed token needs an expiry of more than 0 days.");
  const exp = Math.ceil((issuedAt.getTime() + expiresInDays * DAY_MS) / 1000);
  const body = Buffer.from(JSON.stringify({ ...payload, exp })).toString("base64url");
  return `${body}.${mac(body, sessionSecrets()[0]!, purpose)}`;
}

/**
 * The payload of a token signed for `purpose` that has not expired, or null
 * for anything else (another purpose, expired, forged, malformed). Never
 * throws: the token comes straight from a URL.
 */
export function verifyToken<T extends Record<string, unknown>>(token: unknown, purpose: TokenPurpose): T | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return null;
  const [body, signature] = token.split(".") as [string, string];
  // Compared as text, not decoded bytes: base64url has four spellings of the
  // last character for the same bytes, and only the one we wrote is ours.
  const given = Buffer.from(signature);
  const valid = sessionSecrets().some((secret) => {
    const expected = Buffer.from(mac(body, secret, purpose));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
    const exp = (payload as { exp?: unknown }).exp;
    if (typeof exp !== "number" || exp * 1000 <= Date.now()) return null;
    return payload as T;
  } catch {
    return null;
  }
}
