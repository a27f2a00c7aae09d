/**
 * The Express application one web process runs: the guards of
 * server/security.ts in front of the static files and the Remix build.
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Logger } from "pino";
import {
  capBodySize,
  isLocalRequest,
  refuseCrossSiteWrites,
  refuseLegacyDataRequests,
  refuseMalformedHost,
  refuseUndecodableUrls,
  securityHeaders,
} from "./security";
import { isTokenPath, pathForLog, requestLog, tokenRoutes } from "./request-log";

export type AppOptions = {
  build: ServerBuild;
  logger: Logger;
  appUrl: string;
  /** How many reverse proxies stand in front (TRUST_PROXY): only their entries in X-Forwarded-For are believed. */
  trustProxy: number;
  tileUrl?: string;
};

export function createApp({ build, logger, appUrl, trustProxy, tileUrl }: AppOptions) {
  const routes = tokenRoutes(build);
  const app = express();
  app.disable("x-powered-by");
  // A hop count, never `true`: `true` believes the left-most X-Forwarded-For entry, which the client writes.
  app.set("trust proxy", trustProxy);
  // Nothing reads req.query; the simple parser builds no nested objects from hostile query strings.
  app.set("query parser", "simple");
  app.use(requestLog(logger, routes));
  // Headers first, so that every refusal below carries them too.
  app.use(securityHeaders({ appUrl, tileUrl, isTokenPath: (path) => isTokenPath(routes, path) }));
  app.use(refuseMalformedHost);
  app.use(refuseUndecodableUrls);
  app.use(refuseCrossSiteWrites(appUrl));
  app.use(refuseLegacyDataRequests);
  app.use(capBodySize());
  app.use(compression());
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({
        clientIp: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce,
        localRequest: isLocalRequest(req),
      }),
    }),
  );
  // The last resort: a 500 without the stack or the URL (which can hold a token) in the answer or the log.
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    logger.error(
      {
        err: error instanceof Error ? error.name : typeof error,
        method: req.method,
        path: pathForLog(routes, req.path),
      },
      "request failed",
    );
    if (res.headersSent) return next(error);
    res.status(500).type("text/plain; charset=utf-8").send("Something went wrong on our side.");
  });
  return app;
}
