import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server sees it (TRUST_PROXY proxies in front are looked through). */
    clientIp: string;
    /** This response's Content-Security-Policy nonce: inline scripts without it do not run. */
    cspNonce?: string;
    /** From a browser on this machine to a localhost address, through no proxy (server/security.ts). */
    localRequest?: boolean;
  }
}

export function clientIp(context: AppLoadContext | undefined) {
  return context?.clientIp ?? "unknown";
}
