import type { AppLoadContext } from "@remix-run/node";
import { getEnv } from "./env.server";
import { isLoopbackUrl } from "./loopback";

/**
 * The local outbox holds every email the site would have sent, sign-in links
 * included, so it is only for the developer's own machine: a site whose
 * APP_URL is a localhost address, asked by a browser on the same machine
 * through no proxy (the web server decides `localRequest`). OUTBOX=1 opens it
 * to everyone, for a staging site with no email provider (docs/security.md).
 */
export function requireOutboxAccess(context: AppLoadContext | undefined) {
  const env = getEnv();
  if (env.OUTBOX) return;
  if (context?.localRequest === true && isLoopbackUrl(env.APP_URL)) return;
  throw new Response("Not found", { status: 404 });
}
