/**
 * `npm run admin:reset-2fa -- someone@example.org`: for an admin or moderator
 * who lost their phone and their recovery codes. Removes their authenticator
 * app and recovery codes and ends their sessions (a lost phone may hold one);
 * at their next sign-in by email link they set up a new app. Recorded in the
 * audit log.
 */
import { z } from "zod";
import { resetSecondFactor } from "~/models/two-factor.server";
import { disconnectDb } from "~/utils/db.server";
import { prepareScriptEnvironment } from "./lib/session-secret";

const parsed = z.tuple([z.string().email()]).safeParse(process.argv.slice(2));
if (!parsed.success) {
  console.error("Usage: npm run admin:reset-2fa -- someone@example.org");
  process.exit(1);
}
if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL (while npm start runs: postgresql://postgres:postgres@127.0.0.1:5433/salford).");
  process.exit(1);
}
const environmentProblem = prepareScriptEnvironment();
if (environmentProblem) {
  console.error(environmentProblem);
  process.exit(1);
}
const [email] = parsed.data;
const result = await resetSecondFactor(null, email);
await disconnectDb();
if (result.status === "no-user") {
  console.error(`No account has the address ${email}.`);
  process.exit(1);
}
console.log(
  `${email}: ${result.wasSetUp ? "authenticator app and recovery codes removed" : "had no authenticator app"}; ` +
    `${result.sessionsEnded} session(s) ended. At their next sign-in they set up a new app.`,
);
