/**
 * The names and addresses that mean "this machine". One list, for the web
 * server (is a request local?), the outbox (is the site a local one?) and the
 * scripts (is the database the embedded one?).
 */
export const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);
export const LOOPBACK_ADDRESSES: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Whether a URL (APP_URL, DATABASE_URL) points at this machine by one of those names. */
export function isLoopbackUrl(url: string | undefined) {
  try {
    return LOOPBACK_HOSTNAMES.has(new URL(url ?? "").hostname);
  } catch {
    return false;
  }
}
