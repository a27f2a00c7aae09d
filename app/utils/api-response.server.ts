import type { z } from "zod";

/** Aggregates change by the second but nobody needs them fresher than this; the tally's own cache is 2 s. */
export const PUBLIC_CACHE = "public, max-age=10, stale-while-revalidate=60";

/**
 * A public JSON answer: passed through its schema (app/models/api-schemas.ts),
 * so only what the schema names leaves, open to any site (CORS).
 */
export function apiAnswer<Schema extends z.ZodTypeAny>(schema: Schema, answer: z.input<Schema>) {
  return Response.json(schema.parse(answer), {
    headers: { "Cache-Control": PUBLIC_CACHE, "Access-Control-Allow-Origin": "*" },
  });
}

/** A refused question: 400 (the query is wrong) or 404 (no such public thing), with one sentence why. */
export function apiError(status: 400 | 404, error: string) {
  return Response.json(
    { error },
    // Not kept: a campaign not yet published may be published a minute later.
    { status, headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } },
  );
}
