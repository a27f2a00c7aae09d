/**
 * A second (and third) process for the conditional-pledge race: connects to
 * DATABASE_URL, says "ready", and on the line "go" confirms the pledge whose
 * token it was given, printing the result as JSON. Run by
 * app/models/condition-race.test.ts.
 */
import { createInterface } from "node:readline";
import { confirmPledge } from "~/models/pledge-confirmation.server";
import { disconnectDb, prisma } from "~/utils/db.server";

const token = process.argv[2]!;
// Connected before the cue, so both processes start their transactions together.
await prisma.$queryRaw`SELECT 1`;
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== "go") continue;
  const result = await confirmPledge(token);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  break;
}
lines.close();
await disconnectDb();
