/**
 * The production web server: Express serving the Remix build, one process per
 * core (WEB_CONCURRENCY) through node:cluster. Stateless: run as many as you
 * like behind a load balancer.
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { getEnv } from "../app/utils/env.server";
import { logger } from "../app/utils/logger.server";
import { createApp } from "./app";

const processes = Number(process.env.WEB_CONCURRENCY || availableParallelism());
const port = Number(process.env.PORT || 3000);

if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i += 1) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    logger.error(`web process ${worker.process.pid} died (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let alive = workers.length;
    if (alive === 0) process.exit(0);
    for (const worker of workers) {
      worker?.once("exit", () => {
        alive -= 1;
        if (alive === 0) process.exit(0);
      });
      worker?.kill("SIGTERM");
    }
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const buildPath = path.resolve("build/server/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const env = getEnv();
  const app = createApp({ build, logger, appUrl: env.APP_URL, trustProxy: env.TRUST_PROXY, tileUrl: env.MAP_TILE_URL });

  const server = app.listen(port, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) logger.info(`web listening on port ${port}`);
  });
  server.keepAliveTimeout = 65_000;
  const stop = () => {
    // Stop taking connections, let requests in flight finish, then go.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
