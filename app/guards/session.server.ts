import { createCookie, redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { endSession, findSessionUser, storeSession } from "~/models/session.server";
import { needsSecondFactor, type SecondFactorRole } from "~/models/two-factor.server";
import { getEnv, sessionSecrets } from "~/utils/env.server";
import { hashToken } from "~/utils/token.server";

export const SESSION_DAYS = 30;

/**
 * The session cookie holds only a random session id; the session itself (and
 * who it belongs to) lives in the database, stored by the id's hash. SameSite
 * Lax keeps it off posts from other sites, but not from another port or
 * subdomain of this one (the same "site"): the web server refuses every
 * non-GET request from another origin (server/security.ts, docs/security.md).
 */
function sessionCookie() {
  const env = getEnv();
  return createCookie("ssvc_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production" && env.APP_URL.startsWith("https://"),
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
    secrets: sessionSecrets(),
  });
}

export type SessionUser = {
  id: string;
  email: string;
  /** the role this session acts in: "resident" for an admin or moderator who has not passed the second factor */
  role: string;
  /** the role held, while this session has not passed the second factor that role needs; otherwise null */
  secondFactorPending: SecondFactorRole | null;
  /** an authenticator app is set up (the second step asks for its code; otherwise it is set up first) */
  totpEnabled: boolean;
};

async function sessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

/** The stored key of this request's session (the hash of the cookie's id), or null. */
export async function getSessionIdHash(request: Request) {
  const id = await sessionId(request);
  return id ? hashToken(id) : null;
}

/**
 * The signed-in user, or null. An admin or moderator whose session has not
 * passed the second factor comes back as a resident (with
 * `secondFactorPending` saying which role waits): every check of `role`,
 * here and in app/models/permissions.server.ts, then refuses them the powers
 * of that role until they pass it, with no check of its own to forget.
 */
export async function getUser(request: Request): Promise<SessionUser | null> {
  const idHash = await getSessionIdHash(request);
  if (!idHash) return null;
  const found = await findSessionUser(idHash);
  if (!found) return null;
  const pending = needsSecondFactor(found.role) && !found.secondFactorAt ? found.role : null;
  return {
    id: found.id,
    email: found.email,
    role: pending ? "resident" : found.role,
    secondFactorPending: pending,
    totpEnabled: found.totpEnabled,
  };
}

/**
 * Where an admin or moderator goes after the email link, to pass the second
 * factor and then come back to `redirectTo`: the code (or recovery code) if
 * they have an authenticator app, setting one up if not.
 */
export function secondFactorPath(totpEnabled: boolean, redirectTo: string) {
  const step = totpEnabled ? "/login/two-factor" : "/account/two-factor/setup";
  return `${step}?${new URLSearchParams({ redirectTo })}`;
}

/** The signed-in user, or a redirect to sign in and come back. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
}

/**
 * A user with one of these global roles, whose session has passed the second
 * factor; someone who holds the role but has not passed it yet is sent to do
 * so and brought back; anyone else signed in gets 403.
 */
export async function requireRole(request: Request, roles: SecondFactorRole[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.secondFactorPending && roles.includes(user.secondFactorPending)) {
    const url = new URL(request.url);
    throw redirect(secondFactorPath(user.totpEnabled, `${url.pathname}${url.search}`));
  }
  if (!roles.includes(user.role as SecondFactorRole))
    throw new Response("You do not have access to this page.", { status: 403 });
  return user;
}

/** Starts a session; returns the Set-Cookie header. */
export async function createSession(userId: string) {
  const id = randomBytes(32).toString("base64url");
  await storeSession(hashToken(id), userId, new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000));
  return sessionCookie().serialize(id);
}

/** Ends this session (or every session of its user); returns the Set-Cookie header that clears it. */
export async function destroySession(request: Request, { everywhere = false } = {}) {
  const id = await sessionId(request);
  if (id) await endSession(hashToken(id), { everywhere });
  return sessionCookie().serialize("", { maxAge: 0 });
}

export const REDIRECT_MAX = 512;
const REDIRECT_BASE = "http://localhost";
// Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
// "/\t/example.org" became "//example.org"; refuse anything of the kind outright.
// Whitespace includes the Unicode spaces (U+3000 gave a 500 in Location).
const UNSAFE_IN_REDIRECT = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;

/**
 * Only local paths: a sign-in link must never send someone to another site.
 * The target is parsed against a fixed origin and kept only if the origin is
 * unchanged; what comes back is the parsed path, query and fragment, so it is
 * always a well-formed path for a Location header. Anything doubtful gives
 * the fallback.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/account") {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > REDIRECT_MAX || UNSAFE_IN_REDIRECT.test(to))
    return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  const local = `${url.pathname}${url.search}${url.hash}`;
  // "/.//example.org" parses to the path "//example.org", which a browser reads as another host.
  if (!local.startsWith("/") || local.startsWith("//") || local.length > REDIRECT_MAX) return fallback;
  return local;
}
