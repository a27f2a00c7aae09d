/** `npm run db:migrate`: applies prisma/migrations to DATABASE_URL. */
import { migrate } from "./lib/migrate";

if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to the PostgreSQL database to migrate.");
  process.exit(1);
}
const applied = await migrate(process.env.DATABASE_URL, console.log);
console.log(applied ? `applied ${applied} migration(s)` : "the database is up to date");
