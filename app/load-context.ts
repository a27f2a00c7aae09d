import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server sees it (TRUST_PROXY=1 behind a proxy). */
    clientIp: string;
  }
}

export function clientIp(context: AppLoadContext | undefined) {
  return context?.clientIp ?? "unknown";
}
