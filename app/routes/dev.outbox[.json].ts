import type { LoaderFunctionArgs } from "@remix-run/node";
import { listOutboxMessages } from "~/models/outbox.server";
import { requireOutboxAccess } from "~/utils/outbox-access.server";

/** The local outbox as JSON, newest first: what tests and developers read. */
export async function loader({ context }: LoaderFunctionArgs) {
  requireOutboxAccess(context);
  return Response.json(await listOutboxMessages(), { headers: { "Cache-Control": "no-store" } });
}
