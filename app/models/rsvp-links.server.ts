import { z } from "zod";
import { appUrl } from "~/utils/env.server";
import { signToken, verifyToken, type TokenPurpose } from "~/utils/signed-token.server";

/**
 * The links in RSVP emails that act without a sign-in: each is signed for one
 * RSVP and one action, so a forwarded "Still coming" link cannot cancel, and
 * one person's link opens nobody else's RSVP. Each opens a page with a button:
 * only the button's POST changes anything (mail scanners follow links).
 */
export const RSVP_ACTIONS = ["view", "cancel", "accept", "decline", "still-coming", "cant-come"] as const;
export type RsvpAction = (typeof RSVP_ACTIONS)[number];

// Its own purpose, so no unsubscribe or check-in token opens an RSVP (the
// signing key is derived from the purpose's name).
const RSVP_PURPOSE: TokenPurpose = "rsvp";
const DAY_MS = 24 * 3600 * 1000;
// A link lasts long enough for any event however often it is moved: when it acts is decided from
// the event as it is now (rsvpLinkOpen), so a postponement never breaks the links already emailed.
const LINK_DAYS = 3 * 365;
// Kept a week past the event's end: "Can't come" after it has no effect, but the page still says where you stand.
const OPEN_AFTER_END_DAYS = 7;

const PayloadSchema = z.object({ r: z.string().uuid(), a: z.enum(RSVP_ACTIONS) });

/** A signed token for `action` on this RSVP (it opens its page until a week after the event's current end). */
export function rsvpToken(rsvpId: string, action: RsvpAction, now: Date = new Date()) {
  return signToken(RSVP_PURPOSE, { r: rsvpId, a: action }, LINK_DAYS, now);
}

/** The page that link opens, absolute (for emails). */
export function rsvpUrl(rsvpId: string, action: RsvpAction, now: Date = new Date()) {
  return appUrl(rsvpPath(rsvpToken(rsvpId, action, now)));
}

/** Whether an RSVP's links still open its page: until a week after the event's end as it is now. */
export function rsvpLinkOpen(eventEndsAt: Date, now: Date) {
  return now.getTime() < eventEndsAt.getTime() + OPEN_AFTER_END_DAYS * DAY_MS;
}

export function rsvpPath(token: string) {
  return `/rsvps/manage/${token}`;
}

/** The RSVP and action a token was signed for, or null for anything else (never throws: it comes from a URL). */
export function readRsvpToken(token: unknown): { rsvpId: string; action: RsvpAction } | null {
  const parsed = PayloadSchema.safeParse(verifyToken(token, RSVP_PURPOSE));
  return parsed.success ? { rsvpId: parsed.data.r, action: parsed.data.a } : null;
}

/** The confirmation link's page (the token is a random one, stored hashed). */
export function rsvpConfirmPath(token: string) {
  return `/rsvps/confirm/${token}`;
}
