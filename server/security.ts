/**
 * What the web server checks before Remix sees a request (docs/security.md):
 * security headers with a per-request CSP nonce, cross-site writes refused,
 * bodies capped, undecodable paths refused, and which requests count as coming
 * from this machine (the local outbox is only for those).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import { LOOPBACK_ADDRESSES, LOOPBACK_HOSTNAMES } from "../app/utils/loopback";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Larger than any form or webhook we take; forms are capped again, lower, where they are read. */
export const MAX_BODY_BYTES = 1024 * 1024;

declare module "express-serve-static-core" {
  interface Locals {
    cspNonce: string;
  }
}

function plain(res: Response, status: number, message: string) {
  res.status(status).type("text/plain; charset=utf-8").set("Cache-Control", "no-store").send(message);
}

export type SecurityOptions = {
  /** The site's public address (APP_URL): HSTS when it is https, and the origin forms may come from. */
  appUrl: string;
  /** An optional tile server the map draws images from (MAP_TILE_URL). */
  tileUrl?: string;
  /** Paths whose URL carries a token: they send no Referer to anyone and are never stored by a cache. */
  isTokenPath: (path: string) => boolean;
};

/**
 * Resources other sites are meant to show (an organisation's badge in an
 * <img> on its own website): these alone may be loaded cross-origin.
 */
const EMBEDDABLE_RESOURCES = [/^\/organisations\/[^/]+\/badge\.svg$/];

export function securityHeaders({ appUrl, tileUrl, isTokenPath }: SecurityOptions) {
  const https = new URL(appUrl).protocol === "https:";
  const tileOrigin = tileUrl ? new URL(tileUrl.replace(/[{}]/g, "")).origin : null;
  const nonce = (_req: IncomingMessage, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        // Remix's inline scripts carry the nonce; its modules load from this site.
        "script-src": ["'self'", nonce],
        "script-src-attr": ["'none'"],
        // Stylesheets only from this site; style attributes (bar widths, swatches, Leaflet) are not script.
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", ...(tileOrigin ? [tileOrigin] : [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        // The local outbox shows each email in a sandboxed srcdoc frame: no other frames.
        "frame-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    // Only where the site is served over https: on http it would lock a developer out of localhost.
    strictTransportSecurity: https ? { maxAge: 63_072_000, includeSubDomains: true } : false,
    xFrameOptions: { action: "deny" },
    xContentTypeOptions: true,
    xPoweredBy: false,
  });

  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (isTokenPath(req.path)) {
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("Cache-Control", "no-store");
      }
      if (EMBEDDABLE_RESOURCES.some((pattern) => pattern.test(req.path)))
        res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
      next();
    });
  };
}

/**
 * Cross-site request forgery: a browser says where a request comes from in
 * Sec-Fetch-Site and Origin. Remix 2 checks Origin for document and `.data`
 * POSTs but not for `?_data=` requests or resource routes, so the server checks
 * every non-GET request here. A request with neither header is not from a
 * browser page (a mail provider's one-click unsubscribe, a webhook, curl) and
 * cannot carry anyone's cookie against their will.
 */
export function refuseCrossSiteWrites(appUrl: string) {
  const appOrigin = new URL(appUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get("Sec-Fetch-Site");
    const origin = req.get("Origin");
    const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
    if (crossSite || (origin !== undefined && !isOwnOrigin(origin, appOrigin, req.get("Host"))))
      return plain(res, 403, "This form was sent from another website, so nothing was changed.");
    // Checked: Remix's own check would compare Origin with Host again, and behind a
    // proxy that rewrites Host (nginx's default) it throws on every form, as a 500.
    delete req.headers.origin;
    next();
  };
}

/** The site's own origin: APP_URL's, or the host the browser itself addressed (which a page cannot forge). */
function isOwnOrigin(origin: string, appOrigin: string, host: string | undefined) {
  if (origin === appOrigin) return true;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === "http:" || url.protocol === "https:") && host !== undefined && url.host === host.toLowerCase()
    );
  } catch {
    return false; // "null" (a sandboxed frame, a file) or garbage
  }
}

/**
 * `?_data=` is how Remix answered data requests before single fetch; this site
 * uses single fetch (`.data`), so nothing of ours sends one. Remix still
 * answers them, by another code path that turns a route's `data(…, { status: 400 })`
 * into a 500 and that its own Origin check skips. Refused, after the
 * cross-site check (so a forged one is still a 403).
 */
export function refuseLegacyDataRequests(req: Request, res: Response, next: NextFunction) {
  if (req.url.includes("_data") && new URL(req.url, "http://site.invalid").searchParams.has("_data"))
    return plain(res, 400, "This site does not answer ?_data requests.");
  next();
}

/** A declared body over the cap is refused before anything reads it; forms cap chunked bodies as they read them. */
export function capBodySize(maxBytes = MAX_BODY_BYTES) {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.get("Content-Length") ?? 0);
    if (length > maxBytes) {
      res.set("Connection", "close");
      return plain(res, 413, "That request is too large.");
    }
    next();
  };
}

// A host name or IPv4 address, or a bracketed IPv6 address, and an optional port: nothing else.
// Underscores are allowed: a proxy passing a container's name ("app_web:3000") is common.
const HOST =
  /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Remix builds each request's URL from Host (or X-Forwarded-Host): `Host: x@y`
 * or `Host: a b` made that throw, a 500 on every route, with the whole URL
 * (token and query string) in the error. Refused with a 400 instead.
 */
export function refuseMalformedHost(req: Request, res: Response, next: NextFunction) {
  const forwarded = req.headers["x-forwarded-host"];
  const hosts = [
    req.headers.host,
    ...(forwarded === undefined
      ? []
      : [forwarded]
          .flat()
          .flatMap((h) => h.split(","))
          .map((h) => h.trim())),
  ];
  if (hosts.some((host) => host === undefined || !HOST.test(host)))
    return plain(res, 400, "That request names no valid host.");
  next();
}

/**
 * `/confirm/%FF` cannot be decoded (the router would throw a URIError, a 500),
 * and `/organisations/%00` or `?q=%00` decode to a NUL, which PostgreSQL
 * refuses in text (another 500, from whichever loader passed it on). Both are
 * refused here, once, for every route.
 */
export function refuseUndecodableUrls(req: Request, res: Response, next: NextFunction) {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return plain(res, 400, "That address is not valid.");
  }
  if (path.includes("\u0000")) return plain(res, 400, "That address is not valid.");
  // Most requests (every sign-up) have no query string: nothing to parse.
  if (req.url.includes("?")) {
    const query = new URL(req.url, "http://site.invalid").searchParams;
    if ([...query].some(([name, value]) => `${name}${value}`.includes("\u0000")))
      return plain(res, 400, "That address is not valid.");
  }
  next();
}

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "via"];

/**
 * A request from a browser on this machine, addressed to a localhost name, that
 * no proxy passed on. A reverse proxy on the same machine also connects from
 * loopback, so a public host name or any forwarding header means "not local";
 * so does HTTP/1.0, which no browser speaks and nginx uses towards its upstream
 * by default (with the upstream's own name as Host and no forwarding header).
 */
export function isLocalRequest(req: IncomingMessage) {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? "")) return false;
  if (req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor < 1)) return false;
  if (FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
  return LOOPBACK_HOSTNAMES.has(hostnameOf(req.headers.host));
}

function hostnameOf(host: string | undefined) {
  if (!host) return "";
  const lower = host.toLowerCase();
  if (lower.startsWith("[")) return lower.slice(0, lower.indexOf("]") + 1);
  return lower.split(":")[0]!;
}
