import { listOutboxMessages, requireOutboxEnabled } from "~/models/outbox.server";

/** The local outbox as JSON, newest first: what tests and developers read. */
export async function loader() {
  requireOutboxEnabled();
  return Response.json(await listOutboxMessages(), { headers: { "Cache-Control": "no-store" } });
}
