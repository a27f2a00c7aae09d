import { createHmac, randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { getPledgeForCheckIn } from "~/models/check-in.server";
import {
  PREFERENCES_TOKEN_DAYS,
  UNSUBSCRIBE_TOKEN_DAYS,
  preferencesUrl,
  readPreferencesToken,
  readUnsubscribeToken,
  unsubscribeUrl,
} from "~/models/email-preferences.server";
import { CHECK_IN_TOKEN_DAYS, checkInUrl } from "~/models/nudge.server";
import { resetEnvCache } from "./env.server";
import { signToken, verifyToken } from "./signed-token.server";
import { createConfirmedPledge } from "../../tests/helpers";

const DAY = 24 * 3600 * 1000;
const secret = () => randomBytes(32).toString("base64url");
const testSecret = process.env.SESSION_SECRET;

function useSecrets(...secrets: string[]) {
  process.env.SESSION_SECRET = secrets.join(",");
  resetEnvCache();
}

beforeEach(() => useSecrets(testSecret!));
afterEach(() => {
  vi.useRealTimers();
  useSecrets(testSecret!);
});

const tokenOf = (url: string, prefix: string) => new URL(url).pathname.split(prefix)[1]!;
const unsubscribeToken = (email = "reader@example.org") => tokenOf(unsubscribeUrl(email, "nudges"), "/unsubscribe/");
const preferencesToken = (email = "reader@example.org") => tokenOf(preferencesUrl(email), "/preferences/");

function confirmedPledge() {
  return createConfirmedPledge({
    name: "Tom Token",
    email: "tom@example.org",
    commitment: `I will litter-pick my street ${randomUUID()}`,
  });
}

test("an unsubscribe link does not open the preferences page, a preferences link does not unsubscribe, and a check-in link is neither", async () => {
  const unsubscribe = unsubscribeToken();
  const preferences = preferencesToken();
  expect(readUnsubscribeToken(unsubscribe)).toEqual({ emailNormalised: "reader@example.org", category: "nudges" });
  expect(readPreferencesToken(preferences)).toEqual({ emailNormalised: "reader@example.org" });
  expect(readPreferencesToken(unsubscribe)).toBeNull();
  expect(readUnsubscribeToken(preferences)).toBeNull();

  const pledge = await confirmedPledge();
  const checkIn = tokenOf(checkInUrl(pledge.id, "done"), "/check-in/");
  expect((await getPledgeForCheckIn(checkIn))?.id).toBe(pledge.id);
  expect(readUnsubscribeToken(checkIn)).toBeNull();
  expect(readPreferencesToken(checkIn)).toBeNull();
  expect(await getPledgeForCheckIn(unsubscribe)).toBeNull();
  expect(await getPledgeForCheckIn(preferences)).toBeNull();
});

test("one payload signed for one purpose verifies for that purpose only", () => {
  const token = signToken("unsubscribe", { e: "a@example.org", c: "nudges", p: "any" }, 1);
  expect(verifyToken(token, "unsubscribe")).toMatchObject({ e: "a@example.org" });
  expect(verifyToken(token, "preferences")).toBeNull();
  expect(verifyToken(token, "check-in")).toBeNull();
});

test("each link stops working after its expiry, and works until then", () => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2027-03-01T12:00:00Z") });
  const unsubscribe = unsubscribeToken();
  const preferences = preferencesToken();
  const checkIn = signToken("check-in", { p: randomUUID() }, CHECK_IN_TOKEN_DAYS);
  const sentAt = Date.now();

  vi.setSystemTime(sentAt + (PREFERENCES_TOKEN_DAYS - 1) * DAY);
  expect(readPreferencesToken(preferences)).not.toBeNull();
  vi.setSystemTime(sentAt + (PREFERENCES_TOKEN_DAYS + 1) * DAY);
  expect(readPreferencesToken(preferences)).toBeNull();

  vi.setSystemTime(sentAt + (CHECK_IN_TOKEN_DAYS - 1) * DAY);
  expect(verifyToken(checkIn, "check-in")).not.toBeNull();
  vi.setSystemTime(sentAt + (CHECK_IN_TOKEN_DAYS + 1) * DAY);
  expect(verifyToken(checkIn, "check-in")).toBeNull();

  vi.setSystemTime(sentAt + (UNSUBSCRIBE_TOKEN_DAYS - 1) * DAY);
  expect(readUnsubscribeToken(unsubscribe)).not.toBeNull();
  vi.setSystemTime(sentAt + (UNSUBSCRIBE_TOKEN_DAYS + 1) * DAY);
  expect(readUnsubscribeToken(unsubscribe)).toBeNull();
});

test("links signed with a secret being rotated out still work while it is listed, and stop once it is removed", () => {
  const [old, current] = [secret(), secret()];
  useSecrets(old);
  const fromBefore = unsubscribeToken();
  useSecrets(current, old);
  expect(readUnsubscribeToken(fromBefore)).toEqual({ emailNormalised: "reader@example.org", category: "nudges" });
  const fromNow = unsubscribeToken();
  useSecrets(current);
  expect(readUnsubscribeToken(fromBefore)).toBeNull();
  expect(readUnsubscribeToken(fromNow)).not.toBeNull();
});

const OLD_DEV_SECRET = "dev-only-session-secret-change-me";
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;
/** A token built by hand the way the site builds them, with any secret and payload. */
function signedWith(secret: string, purpose: string, payload: object) {
  const key = createHmac("sha256", secret).update(`purpose:${purpose}`).digest();
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

test("links forged with the development secret this project once shipped are refused, in the old format and the new", () => {
  // The old format: the payload, signed with the secret itself, no purpose, no expiry.
  const body = Buffer.from(JSON.stringify({ e: "victim@example.org", c: "nudges" })).toString("base64url");
  const old = `${body}.${createHmac("sha256", OLD_DEV_SECRET).update(body).digest("base64url")}`;
  expect(readUnsubscribeToken(old)).toBeNull();
  expect(readPreferencesToken(old)).toBeNull();
  // The new format, with a purpose and an expiry: that secret is not this site's, so nothing it signs verifies.
  expect(
    readUnsubscribeToken(
      signedWith(OLD_DEV_SECRET, "unsubscribe", { e: "victim@example.org", c: "nudges", exp: inAMinute() }),
    ),
  ).toBeNull();
  expect(
    readPreferencesToken(signedWith(OLD_DEV_SECRET, "preferences", { e: "victim@example.org", exp: inAMinute() })),
  ).toBeNull();
});

test("a token whose payload was changed after signing, or that carries no expiry, is refused", () => {
  const token = unsubscribeToken("me@example.org");
  const [, signature] = token.split(".");
  const otherBody = Buffer.from(
    JSON.stringify({ e: "someone-else@example.org", c: "nudges", exp: 9_999_999_999 }),
  ).toString("base64url");
  expect(readUnsubscribeToken(`${otherBody}.${signature}`)).toBeNull();

  // Correctly signed with this site's key for the purpose, but without an expiry.
  expect(readUnsubscribeToken(signedWith(testSecret!, "unsubscribe", { e: "me@example.org", c: "nudges" }))).toBeNull();
  // The same construction with an expiry is accepted, so the refusal above is about the expiry.
  expect(
    readUnsubscribeToken(
      signedWith(testSecret!, "unsubscribe", { e: "me@example.org", c: "nudges", exp: inAMinute() }),
    ),
  ).not.toBeNull();
});

test("malformed links are refused without an error: empty, percent-escapes, not base64, huge, or any string at all", () => {
  const good = unsubscribeToken();
  const hostile = [
    "",
    ".",
    "..",
    "%FF",
    "%FF.%FF",
    "not base64!.also not",
    `${good}.extra`,
    `${good.split(".")[0]}.`,
    `.${good.split(".")[1]}`,
    `${good.slice(0, -1)}${good.endsWith("A") ? "B" : "A"}`,
    `${good}=`,
    `${"a".repeat(100_000)}.${good.split(".")[1]}`,
    `${Buffer.from("[1,2]").toString("base64url")}.${good.split(".")[1]}`,
  ];
  for (const token of hostile) {
    for (const purpose of ["unsubscribe", "preferences", "check-in"] as const)
      expect(verifyToken(token, purpose)).toBeNull();
    expect(readUnsubscribeToken(token)).toBeNull();
  }
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 2000 }), (token) => {
      expect(verifyToken(token, "unsubscribe")).toBeNull();
      expect(verifyToken(`${token}.${good.split(".")[1]}`, "preferences")).toBeNull();
    }),
  );
});

test("a correctly signed link whose payload the database could not take opens nothing (it was a 500)", async () => {
  for (const e of ["nul\u0000@example.org", "\ud800@example.org", "x".repeat(300), ""]) {
    expect(readPreferencesToken(signToken("preferences", { e }, 1)), JSON.stringify(e)).toBeNull();
    expect(readUnsubscribeToken(signToken("unsubscribe", { e, c: "nudges" }, 1)), JSON.stringify(e)).toBeNull();
  }
  expect(readUnsubscribeToken(signToken("unsubscribe", { e: "a@example.org", c: "everything" }, 1))).toBeNull();
  for (const p of ["x", "x\u0000", "", 42])
    expect(await getPledgeForCheckIn(signToken("check-in", { p }, 1)), String(p)).toBeNull();
});
