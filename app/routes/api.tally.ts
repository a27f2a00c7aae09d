import { getTally } from "~/models/tally.server";

/** The public tally, for partner sites and the live number. Aggregates only. */
export async function loader() {
  const tally = await getTally();
  return Response.json(
    {
      total: tally.total,
      residents: tally.residents,
      organisations: tally.organisations,
      kept: tally.kept,
      byQuality: tally.byQuality,
      keptByQuality: tally.keptByQuality,
      // Suppressed below 5: pledges and perThousand are null and fewerThan5 is true.
      byWard: tally.byWard.map(({ code, name, pledges, perThousand, fewerThan5 }) => ({
        code,
        name,
        pledges,
        perThousand,
        fewerThan5,
      })),
      target: tally.target,
      updatedAt: tally.updatedAt,
    },
    {
      headers: {
        "Cache-Control": "public, max-age=10, stale-while-revalidate=60",
        "Access-Control-Allow-Origin": "*",
      },
    },
  );
}
