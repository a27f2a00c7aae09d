/**
 * The production web server: Express serving the Remix build, one process per
 * core (WEB_CONCURRENCY) through node:cluster. Stateless: run as many as you
 * like behind a load balancer.
 */
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { getEnv } from "../app/utils/env.server";
import { logger } from "../app/utils/logger.server";
import { NO_BUILD, portInUse } from "../scripts/lib/start-checks";
import { createApp } from "./app";

const processes = Number(process.env.WEB_CONCURRENCY || availableParallelism());
const port = Number(process.env.PORT || 3000);
// A web process that cannot have its port exits with this code: starting another would fail the same way.
const PORT_TAKEN = 78;
const buildPath = path.resolve("build/server/index.js");
if (cluster.isPrimary && !existsSync(buildPath)) {
  console.error(NO_BUILD);
  process.exit(1);
}

if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i += 1) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (code === PORT_TAKEN) {
      // Said once, here, rather than by every web process.
      console.error(portInUse(port));
      return stop(1);
    }
    logger.error(`web process ${worker.process.pid} died (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker && !worker.isDead());
    let alive = workers.length;
    if (alive === 0) process.exit(code);
    for (const worker of workers) {
      worker?.once("exit", () => {
        alive -= 1;
        if (alive === 0) process.exit(code);
      });
      worker?.kill("SIGTERM");
    }
  };
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
} else {
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const env = getEnv();
  const app = createApp({ build, logger, appUrl: env.APP_URL, trustProxy: env.TRUST_PROXY, tileUrl: env.MAP_TILE_URL });

  const server = app.listen(port, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) logger.info(`web listening on port ${port}`);
  });
  server.keepAliveTimeout = 65_000;
  server.once("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    // One process: say it here; one of several: the primary says it once.
    if (cluster.isPrimary) console.error(portInUse(port));
    process.exit(PORT_TAKEN);
  });
  const stop = () => {
    // Stop taking connections, let requests in flight finish, then go.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
