import { createHash, randomBytes } from "node:crypto";

/** A random, URL-safe token and the hash we store; the token itself is never stored. */
export function createToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}
