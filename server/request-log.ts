/**
 * One log line per request, through the app's one logger. Never an email
 * address or a token: the query string is left out (it can hold an address),
 * and a path that carries a token is logged as its route pattern
 * ("/confirm/:token"). Which routes carry tokens is read from the Remix build,
 * so a new `$token` route is covered without a list to keep up to date.
 */
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";

type TokenRoute = { pattern: string; matches: RegExp };

const TOKEN_PARAM = /^:(token)$/;

function fullPath(routes: ServerBuild["routes"], id: string): string {
  const route = routes[id]!;
  const own = route.path ?? "";
  const parent = route.parentId ? fullPath(routes, route.parentId) : "";
  return [parent, own].filter(Boolean).join("/");
}

export type TokenRoutes = { routes: TokenRoute[]; staticPaths: Set<string> };

/**
 * Every route whose URL holds a token, as a pattern and a regular expression
 * for it, and the paths of routes without parameters: `/login/sent` is its own
 * page, not a `/login/:token` link, as the router itself decides.
 */
export function tokenRoutes(build: Pick<ServerBuild, "routes">): TokenRoutes {
  const routes: TokenRoute[] = [];
  const staticPaths = new Set<string>();
  for (const id of Object.keys(build.routes)) {
    const segments = fullPath(build.routes, id).split("/").filter(Boolean);
    if (!segments.some((s) => s.startsWith(":") || s === "*")) staticPaths.add(`/${segments.join("/")}`.toLowerCase());
    if (!segments.some((s) => TOKEN_PARAM.test(s))) continue;
    const source = segments
      .map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    routes.push({ pattern: `/${segments.join("/")}`, matches: new RegExp(`^/${source}/?$`, "i") });
  }
  return { routes, staticPaths };
}

/**
 * The path as the router will see it: `/x/../preferences/T//`, `/%70references/T`
 * and `/./preferences/T` all open the same page as `/preferences/T`, so they
 * must be recognised as the same token route.
 */
function routerPath(path: string) {
  // Dot segments, resolved as the URL parser resolves them (concatenated, so "//x" stays a path).
  let resolved = new URL(`http://site.invalid${path.startsWith("/") ? "" : "/"}${path}`).pathname;
  try {
    resolved = decodeURIComponent(resolved);
  } catch {
    // Undecodable paths are refused before they reach a route; match them as they are.
  }
  resolved = resolved.replace(/\/{2,}/g, "/").replace(/(.)\/+$/, "$1");
  // Single fetch asks for `/confirm/abc.data`: the same route, the same secret.
  return resolved.endsWith(".data") ? resolved.slice(0, -".data".length) : resolved;
}

// Each request asks twice (its headers, its log line), and most paths repeat ("/pledge"):
// paths without a token are remembered (never a token: it would outlive its request),
// and forgotten wholesale when there are many.
const withoutToken = new WeakMap<TokenRoutes, Set<string>>();
const REMEMBER_MAX = 2000;

function tokenRouteOf(tokenRoutes: TokenRoutes, path: string) {
  let known = withoutToken.get(tokenRoutes);
  if (!known) withoutToken.set(tokenRoutes, (known = new Set()));
  if (known.has(path)) return undefined;
  const bare = routerPath(path);
  const route = tokenRoutes.staticPaths.has(bare.toLowerCase())
    ? undefined
    : tokenRoutes.routes.find((r) => r.matches.test(bare));
  if (!route) {
    if (known.size >= REMEMBER_MAX) known.clear();
    known.add(path);
  }
  return route;
}

export function isTokenPath(routes: TokenRoutes, path: string) {
  return tokenRouteOf(routes, path) !== undefined;
}

// Our tokens are 43 or more base64url characters (signed ones hold a dot); ids are 36.
const TOKEN_LIKE = /^[A-Za-z0-9_.%-]{40,}$/;

/**
 * The path as it may be logged: a token route's pattern; otherwise the path,
 * with any segment long enough to be a token hidden, in case some spelling of
 * a token route is not recognised above.
 */
export function pathForLog(routes: TokenRoutes, path: string) {
  const route = tokenRouteOf(routes, path);
  if (route) return route.pattern;
  return path
    .split("/")
    .map((segment) => (TOKEN_LIKE.test(segment) ? ":hidden" : segment))
    .join("/");
}

export function requestLog(logger: Logger, routes: TokenRoutes) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = {
        method: req.method,
        path: pathForLog(routes, req.path),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error(entry, "request failed");
      else logger.info(entry, "request");
    });
    next();
  };
}
