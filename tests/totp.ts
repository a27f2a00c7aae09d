import { createHmac } from "node:crypto";

/*
 * TOTP codes as an authenticator app makes them (RFC 6238 over RFC 4226:
 * HMAC-SHA1, 6 digits, 30-second steps), written out here rather than taken
 * from the library the site uses, so the tests also check that the site
 * speaks the standard, and can make the code of any step (an old one, the
 * next one).
 */

export const TOTP_PERIOD_SECONDS = 30;

export const stepAt = (ms: number) => Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);
export const currentStep = () => stepAt(Date.now());

/** RFC 4648 base32 (what authenticator apps and the otpauth:// address use), spaces and padding ignored. */
export function base32Decode(text: string) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text.toUpperCase().replace(/[\s=]/g, "")) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

/** The code for this step (default: now) of a base32 secret. */
export function totpCode(secret: string, step = currentStep(), digits = 6) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}
