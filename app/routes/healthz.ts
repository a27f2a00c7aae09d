import { getPool } from "~/utils/db.server";

/** 200 when the database answers, 503 when it does not: for load balancers and uptime checks. */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getPool().query("SELECT 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out after 3 s")), 3000);
      }),
    ]);
    return Response.json({ status: "ok", database: "ok" }, { headers });
  } catch (error) {
    return Response.json(
      { status: "unavailable", database: error instanceof Error ? error.message : "error" },
      { status: 503, headers },
    );
  } finally {
    clearTimeout(timer);
  }
}
