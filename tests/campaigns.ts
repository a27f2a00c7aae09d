import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

/**
 * A campaign written straight to the database, for tests about what happens
 * once one exists: published, running from a week ago for a month, a target of
 * 100, unless told otherwise.
 */
export async function createCampaign(overrides: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  // Calendar days (UTC midnight, as a DATE column reads) from today.
  const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);
  const slug = overrides.slug ?? `campaign-${randomUUID().slice(0, 8)}`;
  return prisma.campaign.create({
    data: {
      id: randomUUID(),
      slug,
      name: `Campaign ${slug}`,
      summary: "A campaign for the tests.",
      body: "Why it matters, in **Markdown**.",
      startsOn: day(-7),
      endsOn: day(30),
      target: 100,
      qualities: ["partnerships"],
      wardCodes: [],
      suggestions: ["I will join a litter pick in my street once a month."],
      status: "published",
      publishedAt: new Date(),
      ...overrides,
    },
  });
}

/** The campaign's conditional offer: N signers by a deadline (a week from now unless told), in the whole campaign or per ward. */
export function conditionalOffer(threshold: number, scope: "campaign" | "ward" = "campaign", deadline?: Date) {
  return {
    conditionalThreshold: threshold,
    conditionalScope: scope,
    conditionalDeadline: deadline ?? new Date(Date.now() + 7 * 86_400_000),
  };
}
