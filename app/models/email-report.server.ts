import { prisma } from "~/utils/db.server";

/** What the admin email page shows: counts by state and category, and the latest failures. */
export async function emailReport() {
  const [byStatus, failures, suppressed] = await Promise.all([
    prisma.emailMessage.groupBy({ by: ["status", "category"], _count: { _all: true } }),
    prisma.emailMessage.findMany({
      where: { status: "failed" },
      orderBy: { id: "desc" },
      take: 50,
      select: { id: true, template: true, toAddress: true, lastError: true, createdAt: true },
    }),
    prisma.emailSuppression.groupBy({ by: ["reason"], _count: { _all: true } }),
  ]);
  return {
    counts: byStatus.map((r) => ({ status: r.status, category: r.category, count: r._count._all })),
    failures: failures.map((f) => ({ ...f, id: f.id.toString(), createdAt: f.createdAt.toISOString() })),
    suppressed: suppressed.map((r) => ({ reason: r.reason, count: r._count._all })),
  };
}
