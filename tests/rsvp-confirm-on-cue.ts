/**
 * A web process for the RSVP capacity race: connects to DATABASE_URL, says
 * "ready", and on the line "go" presses every confirmation link it was given
 * (the tokens, one argument each) at once, printing the results as one JSON
 * array. Run by app/models/rsvp-race.test.ts, two at a time.
 */
import { createInterface } from "node:readline";
import { confirmRsvp } from "~/models/rsvp.server";
import { disconnectDb, prisma } from "~/utils/db.server";

const tokens = process.argv.slice(2);
// Connected before the cue, so both processes start their transactions together.
await prisma.$queryRaw`SELECT 1`;
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== "go") continue;
  const results = await Promise.all(tokens.map((token) => confirmRsvp(token)));
  process.stdout.write(`${JSON.stringify(results.map((r) => r.status))}\n`);
  break;
}
lines.close();
await disconnectDb();
