import pg from "pg";

/*
 * The e2e site's own database: the embedded PostgreSQL `npm start` runs on
 * E2E_PG_PORT (playwright.config.ts), for tests that write the data a page
 * needs, or read what a journey stored, straight in it.
 */

export const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? "5435"}/salford`;

/** Runs `run` with a client connected to the e2e site's database, and closes the connection after, whatever happens. */
export async function withDatabase<T>(run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
