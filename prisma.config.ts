import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// A prisma.config.ts turns off Prisma's automatic .env loading. The CLI here
// only generates the client and diffs the schema (migrations are applied by
// scripts/migrate.ts, see docs/decisions/002), but DATABASE_URL must still
// resolve or the CLI tries to download a native engine.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/unused";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
