/**
 * The 429 from a rate limit must reach the browser with its Retry-After. This
 * goes through Remix's own request handler (a document POST, as a form without
 * JavaScript sends), because that is where the header used to be lost.
 */
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resetEnvCache } from "~/utils/env.server";
import { freshIp, validPledge } from "../../tests/helpers";
import * as login from "./login._index";
import * as pledge from "./pledge._index";
import * as resend from "./pledge.resend";

const saved = { ...process.env };
beforeAll(() => {
  process.env.RATE_LIMIT_PLEDGE = "2";
  process.env.RATE_LIMIT_RESEND = "2";
  process.env.RATE_LIMIT_LOGIN = "2";
  resetEnvCache();
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
});

const routes = [
  { id: "routes/pledge._index", path: "pledge", module: pledge, fields: validPledge },
  { id: "routes/pledge.resend", path: "pledge/resend", module: resend, fields: { email: "nobody@example.org" } },
  { id: "routes/login._index", path: "login", module: login, fields: { email: "nobody@example.org" } },
];

/** Just enough of a build for Remix to route, run the action and work out the document's headers. */
function build(route: (typeof routes)[number]): ServerBuild {
  return {
    mode: "production",
    entry: {
      module: {
        // Rendering is not under test: answer with the status and headers Remix settled on.
        default: (_request: Request, status: number, headers: Headers) =>
          new Response("<!doctype html>", { status, headers }),
      },
    },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      [route.id]: { id: route.id, parentId: "root", path: route.path, index: true, module: route.module },
    },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "/manifest.js", version: "test" },
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_singleFetch: true,
      v3_lazyRouteDiscovery: true,
      unstable_optimizeDeps: false,
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    basename: undefined,
    isSpaMode: false,
  } as unknown as ServerBuild;
}

describe.each(routes)("POST /$path past its rate limit", (route) => {
  test("answers 429 with Retry-After in the document response", async () => {
    const handle = createRequestHandler(build(route));
    const ip = freshIp();
    const post = () =>
      handle(
        new Request(`http://localhost:3000/${route.path}`, {
          method: "POST",
          body: new URLSearchParams(route.fields),
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: "http://localhost:3000",
            Host: "localhost:3000",
          },
        }),
        { clientIp: ip },
      );
    for (let i = 0; i < 2; i++) expect((await post()).status).not.toBe(429);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
  });

  test("counts an IPv6 client by its /64: another address in the same /64 does not get past", async () => {
    const handle = createRequestHandler(build(route));
    const prefix = freshIp().replace(/::1$/, "");
    const post = (host: number) =>
      handle(
        new Request(`http://localhost:3000/${route.path}`, {
          method: "POST",
          // An email address of its own each time, so only the per-client limit is under test.
          body: new URLSearchParams({ ...route.fields, email: `v6-${prefix.replace(/:/g, "-")}-${host}@example.org` }),
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: "http://localhost:3000",
            Host: "localhost:3000",
          },
        }),
        { clientIp: `${prefix}:${host.toString(16)}:0:0:${host.toString(16)}` },
      );
    const statuses = [];
    for (let host = 1; host <= 4; host++) statuses.push((await post(host)).status);
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses.slice(2)).toEqual([429, 429]);
  });

  test("exports a headers function that keeps Retry-After from errorHeaders", () => {
    const headersFn = (route.module as { headers?: unknown }).headers;
    expect(typeof headersFn).toBe("function");
    const result = new Headers(
      (headersFn as (args: Record<string, Headers | undefined>) => HeadersInit)({
        parentHeaders: new Headers({ "X-From-Parent": "1" }),
        loaderHeaders: new Headers(),
        actionHeaders: new Headers(),
        errorHeaders: new Headers({ "Retry-After": "42" }),
      }),
    );
    expect(result.get("Retry-After")).toBe("42");
    expect(result.get("X-From-Parent")).toBe("1");
  });
});
