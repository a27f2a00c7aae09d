import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env.server";

/**
 * Short, signed, optionally expiring tokens for links that act without a
 * sign-in (unsubscribe, preferences, check-ins). Signed with SESSION_SECRET;
 * every secret in the list verifies, so rotating does not break old emails.
 */
function secrets() {
  return getEnv().SESSION_SECRET.split(",").map((s) => s.trim()).filter(Boolean);
}

function mac(body: string, secret: string) {
  return createHmac("sha256", secret).update(body).digest("base64url");
}

export function signToken(payload: Record<string, unknown>, expiresInDays?: number) {
  const body = Buffer.from(
    JSON.stringify({ ...payload, ...(expiresInDays ? { exp: Date.now() + expiresInDays * 24 * 3600 * 1000 } : {}) }),
  ).toString("base64url");
  return `${body}.${mac(body, secrets()[0]!)}`;
}

export function verifyToken<T extends Record<string, unknown>>(token: string): T | null {
  const [body, signature] = token.split(".");
  if (!body || !signature) return null;
  const given = Buffer.from(signature);
  const valid = secrets().some((secret) => {
    const expected = Buffer.from(mac(body, secret));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T & { exp?: number };
    if (payload.exp && payload.exp < Date.now()) return null;
    return payload;
  } catch {
    return null;
  }
}
