import type { OrganisationDigestProps } from "../../emails/organisation-digest";
import { prisma } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { queueEmail } from "./email-queue.server";
import { describeProgress } from "./organisation";

/**
 * The monthly digest: each verified organisation's members get a summary of
 * its active commitments, each with a one-tap link to the progress form
 * filled in with the last figure. Once per organisation per month.
 */
export async function queueOrganisationDigests(asOf: Date) {
  const month = asOf.toISOString().slice(0, 7);
  const monthName = asOf.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "Europe/London" });
  const organisations = await prisma.organisation.findMany({
    where: { status: "verified", commitments: { some: { status: "active" } } },
    include: {
      members: { include: { user: { select: { email: true } } } },
      commitments: {
        where: { status: "active" },
        orderBy: { createdAt: "asc" },
        include: { reports: { orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }], take: 1 } },
      },
    },
  });
  let queued = 0;
  for (const organisation of organisations) {
    const props: OrganisationDigestProps = {
      organisationName: organisation.name,
      month: monthName,
      profileUrl: appUrl(`/organisations/${organisation.slug}`),
      commitments: organisation.commitments.map((c) => {
        const latest = c.reports[0]?.value ?? null;
        const progress = `${describeProgress(c, latest)}.`;
        const prefill = latest === null ? "" : `?value=${latest}`;
        return {
          title: c.title,
          progress,
          reportUrl: appUrl(`/organisations/${organisation.slug}/commitments/${c.id}/progress${prefill}`),
        };
      }),
    };
    queued += await prisma.$transaction(async (tx) => {
      // The row is the once-a-month guard: a second run this month finds it and sends nothing.
      const { count } = await tx.organisationDigest.createMany({
        data: [{ organisationId: organisation.id, month }],
        skipDuplicates: true,
      });
      if (count === 0) return 0;
      for (const member of organisation.members)
        await queueEmail(tx, { template: "organisation-digest", to: member.user.email, props });
      return organisation.members.length;
    });
  }
  return queued;
}
