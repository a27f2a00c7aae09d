import { getTally } from "~/models/tally.server";

/** The public tally, for partner sites and the live number. Aggregates only. */
export async function loader() {
  const tally = await getTally();
  return Response.json(
    {
      total: tally.total,
      residents: tally.residents,
      organisations: tally.organisations,
      byQuality: tally.byQuality,
      byWard: tally.byWard.map(({ code, name, pledges, perThousand }) => ({ code, name, pledges, perThousand })),
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
