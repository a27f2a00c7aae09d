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

/**
 * Who a rate limit counts: the client's IPv4 address, or the /64 an IPv6
 * address belongs to. One household or server is handed a whole /64, so
 * counting single IPv6 addresses let one client pledge without limit.
 */
export function rateLimitAddress(context: AppLoadContext | undefined) {
  const ip = context?.clientIp ?? "unknown";
  // IPv4 (and IPv4 written as IPv6, "::ffff:203.0.113.9") is counted as it is.
  if (!ip.includes(":") || ip.toLowerCase().startsWith("::ffff:")) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
}

/** The eight groups of an IPv6 address, "::" filled in ("2001:db8::1" → 2001, db8, 0, …, 1). */
function expandIPv6(ip: string) {
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
}
