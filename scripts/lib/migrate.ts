/**
 * Applies the committed SQL in prisma/migrations, in order, recording each in
 * Prisma's own `_prisma_migrations` table (same columns and sha256 checksum),
 * so `prisma migrate status` and `deploy` agree with what ran here.
 * Why not `prisma migrate deploy`: docs/decisions/002-apply-migrations-ourselves.md.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { migrationEdited, migrationFailed, StartRefusal } from "./start-checks";

const root = fileURLToPath(new URL("../..", import.meta.url));
const migrationsDir = path.join(root, "prisma", "migrations");

type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(): Migration[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Content hash of the schema and every migration: names test template databases. */
export function schemaHash() {
  const hash = createHash("sha256");
  hash.update(readFileSync(path.join(root, "prisma", "schema.prisma")));
  for (const m of readMigrations()) hash.update(m.name).update(m.checksum);
  return hash.digest("hex").slice(0, 12);
}

// Arbitrary constant: serialises migrators started at the same time (several web hosts).
const MIGRATION_LOCK = 727_000_001;

export async function migrate(databaseUrl: string, log: (line: string) => void = () => {}) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = new Map(
      (
        await client.query<{ migration_name: string; checksum: string }>(
          `SELECT migration_name, checksum FROM "_prisma_migrations"
           WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).rows.map((r) => [r.migration_name, r.checksum]),
    );
    let count = 0;
    for (const migration of readMigrations()) {
      const done = applied.get(migration.name);
      if (done) {
        if (done !== migration.checksum) throw new StartRefusal(migrationEdited(migration.name));
        continue;
      }
      // The script goes whole (simple query protocol), so $$ bodies survive.
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new StartRefusal(migrationFailed(migration.name, (error as Error).message));
      }
      count += 1;
      log(`applied migration ${migration.name}`);
    }
    return count;
  } finally {
    await client.end();
  }
}
