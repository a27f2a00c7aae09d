import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

// One pool per process, shared by Prisma and the few hand-written hot queries
// (sign-up, tally reads). Kept on globalThis so dev reloads reuse it.
const SLOW_QUERY_MS = 200;
export const SLOW_QUERY_SHOWN = 300;

/** A statement as the slow-query log shows it: its start, enough to find it (a seed's multi-row insert runs to megabytes). */
export function slowQueryText(query: string) {
  const oneLine = query.replace(/\s+/g, " ").trim();
  return oneLine.length > SLOW_QUERY_SHOWN ? `${oneLine.slice(0, SLOW_QUERY_SHOWN - 1)}…` : oneLine;
}

type Db = { pool: pg.Pool; prisma: PrismaClient };
const globalForDb = globalThis as unknown as { __db?: Db };

function createDb(): Db {
  const pool = new pg.Pool({
    connectionString: getEnv().DATABASE_URL,
    max: Number(process.env.PG_POOL_MAX ?? 10),
    // Idle connections must not keep a stopping process alive for long.
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
  });
  pool.on("error", (error) => logger.error({ err: error.message }, "idle PostgreSQL connection failed"));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Prisma's defaults (2 s to get a connection for a transaction, 5 s to run it) turned a burst of
    // confirmations on a busy machine into 500s ("Unable to start a transaction in the given time"): the
    // pool has only PG_POOL_MAX connections, and waiting a few seconds for one is an answer, a 500 is not.
    // A transaction on an event may also wait its turn for the event's row lock behind a crowd of RSVPs.
    transactionOptions: { maxWait: 20_000, timeout: 20_000 },
    log: [
      { level: "query", emit: "event" },
      { level: "warn", emit: "stdout" },
      { level: "error", emit: "stdout" },
    ],
  });
  prisma.$on("query", (event) => {
    // Values are never logged, only the statement's start.
    if (event.duration > SLOW_QUERY_MS)
      logger.warn({ ms: Math.round(event.duration), query: slowQueryText(event.query) }, "slow query");
  });
  return { pool, prisma };
}

function db() {
  globalForDb.__db ??= createDb();
  return globalForDb.__db;
}

// Created on first use, so tests and scripts can set DATABASE_URL before it is read.
export const prisma = new Proxy({} as PrismaClient, {
  get: (_, key) => {
    const client = db().prisma;
    const value = Reflect.get(client, key);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export function getPool() {
  return db().pool;
}

/** Closes the pool so a stopping process exits at once. */
export async function disconnectDb() {
  const current = globalForDb.__db;
  globalForDb.__db = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end();
}
