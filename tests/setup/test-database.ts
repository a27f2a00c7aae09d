/**
 * Before each test file: a database of its own, copied from the migrated
 * template (fast: no migrations run), dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";

const serverUrl = inject("databaseServerUrl");
const template = inject("templateDatabase");
const name = `test_${process.pid}_${randomBytes(4).toString("hex")}`;

async function admin<T>(run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = `${serverUrl}/${name}`;
process.env.APP_URL = "http://localhost:3000";
process.env.TALLY_CACHE_MS = "0";
// A fresh random secret per test file: no secret is written into the source,
// and nothing may depend on one (processes the tests spawn inherit it).
process.env.SESSION_SECRET = randomBytes(32).toString("base64url");
delete process.env.RESEND_API_KEY;
delete process.env.RESEND_BASE_URL;

beforeAll(async () => {
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  resetEnvCache();
});

afterAll(async () => {
  await disconnectDb();
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});
