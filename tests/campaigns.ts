import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import type { PledgeSubmission } from "~/models/pledge";
import { createPledge } from "~/models/pledge-signup.server";
import { prisma } from "~/utils/db.server";
import { confirmTokenFor } from "./helpers";

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

/**
 * Signs a pledge for a running campaign through the sign-up path (its first
 * suggestion, in Ordsall unless told) and returns its confirmation token.
 */
export async function signCampaignPledge(
  campaign: { id: string; suggestions: string[] },
  email: string,
  options: { conditional?: boolean; updates?: boolean; wardCode?: string } = {},
) {
  const submission = {
    name: "Ada Lovelace",
    email,
    postcode: "M5 4WT",
    qualities: ["partnerships"],
    nameDisplay: "anonymous",
    nudgeConsent: "on",
    suggestion: "campaign-0",
    ...(options.conditional ? { conditional: "on" } : {}),
    ...(options.updates ? { updatesConsent: "on" } : {}),
  } as PledgeSubmission;
  await createPledge(submission, options.wardCode ?? "E05013028", "M5 4WT", {
    ...campaign,
    running: true,
    conditionalOpen: true,
  });
  return confirmTokenFor(email);
}
