import { prisma } from "~/utils/db.server";

/**
 * Records a provider's webhook message by its id. True the first time, false
 * for a replay (the same id again), so each event is acted on once.
 */
export async function recordWebhookEvent(id: string, type: string) {
  const { count } = await prisma.webhookEvent.createMany({ data: [{ id, type }], skipDuplicates: true });
  return count === 1;
}
