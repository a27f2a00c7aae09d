import { z } from "zod";

/**
 * The one email field every form uses (browser and server): trimmed, at most
 * 254 characters, an address, with the same messages everywhere.
 */
export function EmailSchema(requiredMessage = "Enter your email address") {
  return z
    .string({ required_error: requiredMessage })
    .trim()
    .min(1, requiredMessage)
    .max(254, "The email address is too long")
    .email("Enter an email address like name@example.com");
}

/**
 * The address a person can be reached at, as one key: lower case, and for
 * Gmail (which ignores dots and +tags, and treats googlemail.com as gmail.com)
 * without them. Two spellings of one inbox make one pledge, not two.
 */
export function normaliseEmail(email: string) {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 1) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  if (domain === "gmail.com" || domain === "googlemail.com") {
    local = local.split("+")[0]!.replace(/\./g, "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}
