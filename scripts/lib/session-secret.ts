/**
 * The session secret of the embedded install. `npm start` without DATABASE_URL
 * and without SESSION_SECRET makes a random one on its first start and keeps
 * it in $DATA_DIR/session-secret, readable by its owner only, so the links in
 * emails already sent keep working across restarts. With DATABASE_URL the
 * operator must set SESSION_SECRET: a file on one machine cannot be shared by
 * web servers and workers on others.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv, resetEnvCache, sessionSecretProblem } from "~/utils/env.server";
import { isLoopbackUrl } from "~/utils/loopback";

export const SESSION_SECRET_FILE = "session-secret";
const OWNER_ONLY = 0o600;

export function dataDirOf(env: Record<string, string | undefined>) {
  return path.resolve(env.DATA_DIR ?? "data");
}

export function sessionSecretPath(dataDir: string) {
  return path.join(dataDir, SESSION_SECRET_FILE);
}

/** The secret kept in `dataDir`, or null when there is none. Narrows a file others can read back to its owner. */
export function readStoredSessionSecret(dataDir: string): string | null {
  const file = sessionSecretPath(dataDir);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  // Copied or unpacked with a wider mode (a backup, `cp` under another umask): anyone
  // who reads it can sign unsubscribe, preferences and check-in links.
  if (mode & 0o077) {
    chmodSync(file, OWNER_ONLY);
    console.warn(`${file} was readable by others; it is now readable by its owner only.`);
  }
  const secret = readFileSync(file, "utf8").trim();
  if (sessionSecretProblem(secret))
    throw new Error(
      `${file} does not hold a usable secret: delete it and start again to make a new one (links in emails already sent will stop working).`,
    );
  return secret;
}

/** The secret kept in `dataDir`, made on the first call. */
export function storedSessionSecret(dataDir: string): { secret: string; created: boolean } {
  const existing = readStoredSessionSecret(dataDir);
  if (existing) return { secret: existing, created: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": never overwrite; a second start racing this one keeps the first's secret.
    writeFileSync(sessionSecretPath(dataDir), `${secret}\n`, { mode: OWNER_ONLY, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { secret: readStoredSessionSecret(dataDir)!, created: false };
  }
  return { secret, created: true };
}

/**
 * For the standalone scripts (worker, nudges:due, email:drain, admin:create):
 * without SESSION_SECRET, on the embedded database, use the secret `npm start`
 * keeps in DATA_DIR, so the links they sign open on the running site. Then
 * validates the environment. Returns the problem in one sentence, or null.
 */
export function prepareScriptEnvironment(): string | null {
  const env = process.env;
  try {
    // The embedded database listens on 127.0.0.1 only; the kept secret says nothing
    // about any other database, whose web servers have a SESSION_SECRET of their own.
    if (!env.SESSION_SECRET && isLoopbackUrl(env.DATABASE_URL)) {
      const stored = readStoredSessionSecret(dataDirOf(env));
      if (stored) env.SESSION_SECRET = stored;
      else
        return `SESSION_SECRET must be set: there is no ${sessionSecretPath(dataDirOf(env))} (set DATA_DIR to the one \`npm start\` uses, or SESSION_SECRET to the site's).`;
    }
    resetEnvCache();
    getEnv();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
