/**
 * A web process for the report race: connects to DATABASE_URL, says "ready",
 * and on the line "go" sends one report for each "kind:id" argument, all at
 * once, printing whether each hid its item as one JSON array. Run by
 * app/routes/report.test.ts, two at a time.
 */
import { createInterface } from "node:readline";
import { reportItem } from "~/models/moderation-report.server";
import { disconnectDb, prisma } from "~/utils/db.server";

const targets = process.argv.slice(2).map((arg) => arg.split(":") as [string, string]);
// Connected before the cue, so both processes start their transactions together.
await prisma.$queryRaw`SELECT 1`;
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== "go") continue;
  const results = await Promise.all(
    // Each process is another person reporting (its own address).
    targets.map(([kind, id]) =>
      reportItem(kind, id, { reason: "Offensive, hateful or abusive", reporter: `process-${process.pid}` }),
    ),
  );
  process.stdout.write(`${JSON.stringify(results.map((r) => (r.status === "reported" ? r.hidden : r.status)))}\n`);
  break;
}
lines.close();
await disconnectDb();
