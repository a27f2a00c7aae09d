import { databaseProblem } from "~/models/health.server";

/** 200 when the database answers, 503 when it does not: for load balancers and uptime checks. */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  const problem = await databaseProblem();
  if (problem === null) return Response.json({ status: "ok", database: "ok" }, { headers });
  return Response.json({ status: "unavailable", database: problem }, { status: 503, headers });
}
