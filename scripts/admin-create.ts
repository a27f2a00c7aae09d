/** `npm run admin:create -- someone@example.org`: makes that address an admin (creating the account). */
import { z } from "zod";
import { ensureAdmins } from "~/models/user.server";
import { disconnectDb } from "~/utils/db.server";
import { prepareScriptEnvironment } from "./lib/session-secret";

const emails = process.argv.slice(2);
const parsed = z.array(z.string().email()).min(1).safeParse(emails);
if (!parsed.success) {
  console.error("Usage: npm run admin:create -- someone@example.org [another@example.org]");
  process.exit(1);
}
if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL (while npm start runs: postgresql://postgres:postgres@127.0.0.1:5433/salford).");
  process.exit(1);
}
// Without SESSION_SECRET, the embedded install's kept secret; then the whole environment, checked.
const environmentProblem = prepareScriptEnvironment();
if (environmentProblem) {
  console.error(environmentProblem);
  process.exit(1);
}
await ensureAdmins(parsed.data);
await disconnectDb();
console.log(`admin: ${parsed.data.join(", ")}; they sign in at /login with that address`);
