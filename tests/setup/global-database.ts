/**
 * Once per `vitest run`: starts an embedded PostgreSQL for the tests (in its
 * own process, see scripts/embedded-db-process.ts) and makes a template
 * database, migrated and seeded with reference data, named by the content
 * hash of the schema and migrations. Each test file copies it.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../scripts/lib/embedded-db";
import { migrate, schemaHash } from "../../scripts/lib/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await startEmbeddedDatabase({
    // TEST_PG_DIR and TEST_PG_PORT let two test runs share a machine.
    dataDir: path.resolve(process.env.TEST_PG_DIR ?? "data/test-postgres"),
    port: Number(process.env.TEST_PG_PORT ?? 5434),
  });
  const template = `template_${schemaHash()}`;
  const admin = new pg.Client({ connectionString: `${database.serverUrl}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (!exists.rowCount) {
      // Build under a temporary name so a half-made template is never used.
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      await migrate(`${database.serverUrl}/${building}`);
      const { seedReferenceData } = await import("../../app/models/reference.server");
      const { disconnectDb } = await import("../../app/utils/db.server");
      const { resetEnvCache } = await import("../../app/utils/env.server");
      process.env.DATABASE_URL = `${database.serverUrl}/${building}`;
      // Reference data signs nothing, but the environment it is read through needs a secret.
      process.env.SESSION_SECRET ??= randomBytes(32).toString("base64url");
      resetEnvCache();
      await seedReferenceData();
      await disconnectDb();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
  } finally {
    await admin.end();
  }
  project.provide("databaseServerUrl", database.serverUrl);
  project.provide("templateDatabase", template);
  return async () => {
    await database.stop();
  };
}
