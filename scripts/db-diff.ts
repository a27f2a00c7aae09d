/**
 * `npm run db:diff`: prints the SQL from the last committed prisma/schema.prisma
 * (git HEAD, or FROM_SCHEMA=<file>) to the one in the working tree; save it as
 * prisma/migrations/<timestamp>_<name>/migration.sql in the same commit as the
 * schema change. Schema to schema, because Prisma 6.19's WebAssembly engine
 * cannot describe a live PostgreSQL 18 database (docs/decisions/002).
 * The CLI still wants DATABASE_URL's server to answer.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

let from = process.env.FROM_SCHEMA;
if (!from) {
  from = path.join(mkdtempSync(path.join(tmpdir(), "db-diff-")), "schema.prisma");
  writeFileSync(from, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
}
const result = spawnSync(
  "node_modules/.bin/prisma",
  ["migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { stdio: ["ignore", "inherit", "inherit"] },
);
process.exit(result.status ?? 1);
