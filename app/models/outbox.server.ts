import { prisma } from "~/utils/db.server";

const OUTBOX_LIMIT = 200;

/**
 * The local outbox (/dev/outbox): the email-queue rows the transport kept
 * instead of sending (no RESEND_API_KEY), with their rendered bodies. Who may
 * read it is app/utils/outbox-access.server.ts; a message that is not there is
 * null, which the route turns into a 404.
 */
export async function listOutboxMessages() {
  const rows = await prisma.emailMessage.findMany({
    where: { transport: "outbox" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: OUTBOX_LIMIT,
  });
  return rows.map((m) => ({
    id: m.id.toString(),
    to: m.toAddress,
    subject: m.subject ?? "",
    text: m.text ?? "",
    html: m.html ?? "",
    headers: (m.headers ?? {}) as Record<string, string>,
    createdAt: m.createdAt.toISOString(),
  }));
}

export async function getOutboxMessage(id: string) {
  if (!/^\d{1,18}$/.test(id)) return null;
  return prisma.emailMessage.findFirst({ where: { id: BigInt(id), transport: "outbox" } });
}
