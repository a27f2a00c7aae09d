/**
 * `npm run tally:check`: recounts the tally from the pledges and organisations
 * and compares it with every stored counter (rolled up and pending). Prints
 * each counter that differs and exits 1, or prints one line and exits 0. It
 * reads only, unless `-- --repair`: then a difference is repaired by a full
 * rebuild (rebuildTally, docs/tally.md).
 *
 * DATABASE_URL, or the embedded database `npm start` runs (PG_PORT, default 5433).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { checkTally, rebuildTally } from "~/models/tally.server";
import { disconnectDb } from "~/utils/db.server";
import { formatNumber } from "~/utils/numbers";

let repair: boolean;
try {
  repair = parseArgs({ options: { repair: { type: "boolean", default: false } } }).values.repair;
} catch {
  console.error("Usage: npm run tally:check [-- --repair]");
  process.exit(2);
}
const embedded = !process.env.DATABASE_URL;
process.env.DATABASE_URL ??= `postgresql://postgres:postgres@127.0.0.1:${process.env.PG_PORT ?? 5433}/salford`;
// It signs nothing, but the environment check asks for a session secret: a throwaway one, so none need be set.
process.env.SESSION_SECRET = randomBytes(32).toString("base64url");

try {
  const result = await checkTally();
  if (result.differences.length === 0) {
    console.log(
      `tally matches a full recount: ${formatNumber(result.pledges)} pledges and ${formatNumber(result.organisations)} organisations counted, ${result.counters} counters`,
    );
  } else {
    console.log(`tally differs from a full recount in ${result.differences.length} of ${result.counters} counters:`);
    for (const d of result.differences) console.log(`  ${d.dimension}: expected ${d.expected}, stored ${d.stored}`);
    if (repair) {
      await rebuildTally();
      console.log("repaired: every counter rebuilt from a full recount");
    } else {
      console.log("run `npm run tally:check -- --repair` to rebuild every counter from a full recount");
      process.exitCode = 1;
    }
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    `could not check the tally: ${message}${embedded ? " (is `npm start` running? Otherwise set DATABASE_URL)" : ""}`,
  );
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
