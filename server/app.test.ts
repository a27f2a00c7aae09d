/**
 * The web server's guards, through the real Express app and Remix's real
 * request handler, with a small hand-made build standing in for the site's
 * routes (the site's own routes are driven through the real build by the
 * Playwright tests in tests/e2e/security.spec.ts).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import pino from "pino";
import { Writable } from "node:stream";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createApp } from "./app";

const seen: { method: string; context: Record<string, unknown> }[] = [];
const echo = ({ request, context }: { request: Request; context: Record<string, unknown> }) => {
  seen.push({ method: request.method, context });
  return Response.json({ ok: true, ip: context.clientIp, local: context.localRequest, nonce: context.cspNonce });
};

const build = {
  routes: {
    root: { id: "root", path: "", module: {} },
    "routes/echo": { id: "routes/echo", parentId: "root", path: "echo", module: { loader: echo, action: echo } },
    "routes/confirm.$token": {
      id: "routes/confirm.$token",
      parentId: "root",
      path: "confirm/:token",
      module: { loader: echo, action: echo },
    },
    "routes/page": { id: "routes/page", parentId: "root", path: "page", module: { default: () => null, action: echo } },
    "routes/login.$token": {
      id: "routes/login.$token",
      parentId: "root",
      path: "login/:token",
      module: { loader: echo },
    },
    "routes/login.sent": { id: "routes/login.sent", parentId: "root", path: "login/sent", module: { loader: echo } },
  },
  entry: { module: { default: () => new Response("no documents here") } },
  assets: { version: "test", url: "/manifest.js", entry: { module: "/entry.js", imports: [] }, routes: {} },
  future: { v3_singleFetch: true },
  publicPath: "/",
  assetsBuildDirectory: "build/client",
  isSpaMode: false,
  basename: "/",
} as unknown as ServerBuild;

const logLines: string[] = [];
const logger = pino(
  { level: "info" },
  new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }),
);

let server: Server;
let base: string;
const start = (options: { trustProxy?: number; appUrl?: string } = {}) =>
  new Promise<{ server: Server; base: string }>((resolve) => {
    const app = createApp({
      build,
      logger,
      appUrl: options.appUrl ?? "http://localhost:3000",
      trustProxy: options.trustProxy ?? 0,
    });
    const listening = app.listen(0, "127.0.0.1", () =>
      resolve({ server: listening, base: `http://127.0.0.1:${(listening.address() as AddressInfo).port}` }),
    );
  });

beforeAll(async () => {
  ({ server, base } = await start());
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Exactly these bytes on the wire: a path no client library would leave alone, HTTP/1.0, any Host. */
function raw(requestLine: string, headers: string[] = []) {
  return new Promise<{ status: number; head: string; body: string }>((resolve, reject) => {
    const socket = connect(Number(new URL(base).port), "127.0.0.1", () => {
      // Not end(): a half-closed socket is dropped before a slower answer is written.
      socket.write([requestLine, ...headers, "Connection: close", "", ""].join("\r\n"));
    });
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("end", () => {
      const [head = "", body = ""] = answer.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head, body });
    });
    socket.on("error", reject);
  });
}

const post = (path: string, headers: Record<string, string> = {}, body = "a=b") =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });

test("a POST from another site is refused with a 403 and never reaches an action, whatever the route or ?_data", async () => {
  seen.length = 0;
  const attacks: Record<string, string>[] = [
    { Origin: "http://localhost:4000" }, // another port on the same host: the probe's attack page
    { Origin: "https://evil.example" },
    { Origin: "null" }, // a sandboxed frame or a file
    { "Sec-Fetch-Site": "same-site" },
    { "Sec-Fetch-Site": "cross-site" },
    { "Sec-Fetch-Site": "cross-site", Origin: "http://localhost:3000" },
  ];
  for (const headers of attacks) {
    for (const path of ["/echo", "/echo?_data=routes%2Fecho", "/echo.data", "/page", "/page.data", "/confirm/abc"]) {
      const response = await post(path, headers);
      expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(await response.text()).toMatch(/another website/);
    }
  }
  expect(seen).toEqual([]);
});

test("the site's own pages, and clients that are not browser pages, may still post", async () => {
  expect((await post("/echo", { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin" })).status).toBe(200);
  // The browser addressed this server by another name than APP_URL (127.0.0.1): its Host and Origin agree.
  expect((await post("/echo", { Origin: base })).status).toBe(200);
  // Behind a proxy that passes Host as its upstream's name: the public Origin is still the site's own.
  for (const path of ["/page", "/page.data"])
    expect(
      (await post(path, { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin" })).status,
      path,
    ).toBeLessThan(400);
  // Single fetch asks with `.data`; the old `?_data=` path (which turned a 400 into a 500) is refused.
  expect((await post("/echo?_data=routes%2Fecho", { Origin: base })).status).toBe(400);
  expect((await fetch(`${base}/echo?_data=routes%2Fecho`)).status).toBe(400);
  // A mail provider's one-click unsubscribe or a webhook: no Origin, no Sec-Fetch-Site.
  expect((await post("/echo")).status).toBe(200);
});

test("security headers on every answer, a fresh CSP nonce each time, no Referer from token pages", async () => {
  const first = await fetch(`${base}/echo`);
  const second = await fetch(`${base}/echo`);
  const csp = first.headers.get("Content-Security-Policy")!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("upgrade-insecure-requests");
  const nonceOf = (r: Response) => r.headers.get("Content-Security-Policy")!.match(/'nonce-([^']+)'/)![1];
  expect(nonceOf(first)).not.toBe(nonceOf(second));
  expect(((await first.json()) as { nonce: string }).nonce).toBe(nonceOf(first));
  expect(first.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(first.headers.get("X-Frame-Options")).toBe("DENY");
  expect(first.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  expect(first.headers.get("Strict-Transport-Security")).toBeNull(); // http: it would lock a developer out
  expect(first.headers.get("X-Powered-By")).toBeNull();
  for (const path of ["/confirm/secret-token", "/confirm/secret-token.data"])
    expect((await fetch(`${base}${path}`)).headers.get("Referrer-Policy"), path).toBe("no-referrer");
});

test("HSTS and upgrade-insecure-requests when the site is served over https", async () => {
  const https = await start({ appUrl: "https://pledge.salford.example" });
  try {
    const response = await fetch(`${https.base}/echo`);
    expect(response.headers.get("Strict-Transport-Security")).toMatch(/max-age=\d{7,}/);
    expect(response.headers.get("Content-Security-Policy")).toContain("upgrade-insecure-requests");
  } finally {
    https.server.close();
  }
});

test("an oversized body is a 413 before anything reads it; an undecodable path is a 400", async () => {
  const big = await post("/echo", {}, "a=" + "x".repeat(1024 * 1024 + 10));
  expect(big.status).toBe(413);
  for (const path of ["/confirm/%FF", "/confirm/%E0%A4%A", "/%C0%AF"]) {
    const response = await fetch(`${base}${path}`);
    expect(response.status, path).toBe(400);
  }
});

test("with one proxy in front, a client's own X-Forwarded-For entries are not believed", async () => {
  const proxied = await start({ trustProxy: 1 });
  try {
    const ips = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      // The client wrote the first entry; the proxy appended the address it saw.
      const response = await fetch(`${proxied.base}/echo`, {
        headers: { "X-Forwarded-For": `10.9.8.${i}, 203.0.113.7` },
      });
      ips.add(((await response.json()) as { ip: string }).ip);
    }
    expect([...ips]).toEqual(["203.0.113.7"]);
  } finally {
    proxied.server.close();
  }
  // With no proxy configured, the header is ignored altogether.
  const direct = await fetch(`${base}/echo`, { headers: { "X-Forwarded-For": "10.9.8.7" } });
  expect(((await direct.json()) as { ip: string }).ip).toMatch(/127\.0\.0\.1/);
});

test("only a loopback browser asking for a localhost name, through no proxy, is a local request", async () => {
  // node:http, because fetch will not send a Host header of our choosing.
  const ask = (headers: Record<string, string>) =>
    new Promise<boolean>((resolve, reject) => {
      const req = httpRequest(`${base}/echo`, { headers }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve((JSON.parse(body) as { local: boolean }).local));
      });
      req.on("error", reject);
      req.end();
    });
  expect(await ask({ Host: "localhost:3000" })).toBe(true);
  expect(await ask({})).toBe(true); // 127.0.0.1
  expect(await ask({ Host: "pledge.salford.example" })).toBe(false); // a reverse proxy passing the public name
  expect(await ask({ Host: "localhost:3000", "X-Forwarded-For": "198.51.100.4" })).toBe(false);
  expect(await ask({ Host: "localhost:3000", Forwarded: "for=198.51.100.4" })).toBe(false);
});

test("the request log never holds a token or a query string", async () => {
  logLines.length = 0;
  await fetch(`${base}/confirm/super-secret-token-123`);
  await fetch(`${base}/confirm/another-secret.data`);
  await fetch(`${base}/echo?email=someone%40example.org`);
  await fetch(`${base}/login/secret-sign-in`);
  // A page of its own beside the token route: logged as itself.
  const sent = await fetch(`${base}/login/sent`);
  expect(sent.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  // A line is written once the answer has gone, which can be just after the client has it.
  await vi.waitFor(() => expect(logLines).toHaveLength(5), { timeout: 10_000 });
  const log = logLines.join("");
  expect(log).not.toMatch(/secret|someone|example\.org/);
  expect(logLines.map((l) => JSON.parse(l).path)).toEqual([
    "/confirm/:token",
    "/confirm/:token",
    "/echo",
    "/login/:token",
    "/login/sent",
  ]);
});

test("a malformed Host, a NUL in the path or query, or an undecodable path is a 400 that still carries the headers", async () => {
  for (const host of [
    "x@y",
    "localhost:3300@evil.example",
    "a b",
    "[",
    "localhost:evil",
    "localhost:3300/evil",
    "localhost, evil.example",
  ]) {
    const answer = await raw("GET /echo HTTP/1.1", [`Host: ${host}`]);
    expect(answer.status, host).toBe(400);
  }
  expect((await raw("GET /echo HTTP/1.1", ["Host: localhost:3000", "X-Forwarded-Host: x@y"])).status).toBe(400);
  for (const host of ["localhost:3000", "pledge.salford.example", "app_web:3000", "127.0.0.1", "[::1]:3000"])
    expect((await raw("GET /echo HTTP/1.1", [`Host: ${host}`])).status, host).toBe(200);
  for (const path of ["/organisations/%00", "/echo?q=%00", "/echo?%00=1", "/confirm/%FF"]) {
    const response = await fetch(`${base}${path}`);
    expect(response.status, path).toBe(400);
    expect(response.headers.get("Content-Security-Policy"), path).toContain("default-src 'self'");
  }
});

test("every spelling of a token page is logged as its pattern, sends no Referer and is not cached", async () => {
  logLines.length = 0;
  const token = "tok3nSecretValue_0123456789abcdefghijklmnopqrstuv";
  const spellings = [
    `/confirm/${token}//`,
    `/%63onfirm/${token}`,
    `/x/../confirm/${token}`,
    `/./confirm/${token}`,
    `//confirm/${token}`,
    `/confirm/${token}.data`,
  ];
  for (const path of spellings) {
    const answer = await raw(`GET ${path} HTTP/1.1`, ["Host: localhost:3000"]);
    expect(answer.head, path).toMatch(/referrer-policy: no-referrer\r\n/i);
    expect(answer.head, path).toMatch(/cache-control: no-store/i);
  }
  // A path no route pattern knows still hides anything shaped like a token.
  await raw(`GET /unknown/${token} HTTP/1.1`, ["Host: localhost:3000"]);
  await vi.waitFor(() => expect(logLines).toHaveLength(spellings.length + 1), { timeout: 10_000 });
  expect(logLines.join("")).not.toContain(token);
});

test("an organisation's badge may be shown on other sites; nothing else may be loaded cross-origin", async () => {
  expect((await fetch(`${base}/organisations/some-group/badge.svg`)).headers.get("Cross-Origin-Resource-Policy")).toBe(
    "cross-origin",
  );
  expect((await fetch(`${base}/echo`)).headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
});

test("HTTP/1.0, which nginx speaks to its upstream by default and no browser does, is never a local request", async () => {
  const answer = await raw("GET /echo HTTP/1.0", ["Host: 127.0.0.1:3000"]);
  // The body may come chunked: look for the field, not for whole JSON.
  expect(answer.body).toContain('"local":false');
  const browser = await raw("GET /echo HTTP/1.1", ["Host: 127.0.0.1:3000"]);
  expect(browser.body).toContain('"local":true');
});
