/**
 * The conditional-pledge race as it happens on the site: the Nth and N+1th
 * confirmations land at the same instant in two web processes.
 */
import { beforeEach, expect, test } from "vitest";
import { processReadyOnCue } from "../../tests/on-cue";
import { prisma } from "~/utils/db.server";
import { conditionalOffer, createCampaign, signCampaignPledge } from "../../tests/campaigns";
import { confirmPledge } from "./pledge-confirmation.server";
import { checkTally, getCampaignTally } from "./tally.server";

beforeEach(async () => {
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
  await prisma.campaign.deleteMany();
});

/** A process that confirms `token` when told "go"; resolves once it is connected and waiting. */
const processReadyToConfirm = (token: string) =>
  processReadyOnCue<{ status: string }>("tests/confirm-on-cue.ts", [token]);

test("the Nth and N+1th confirmations in two processes at once: the condition switches on once, nobody emailed or counted twice", async () => {
  const campaign = await createCampaign({ ...conditionalOffer(3) });
  for (const email of ["a@example.org", "b@example.org"])
    await confirmPledge(await signCampaignPledge(campaign, email, { conditional: true }));
  const [third, fourth] = await Promise.all([
    signCampaignPledge(campaign, "c@example.org", { conditional: true }).then(processReadyToConfirm),
    signCampaignPledge(campaign, "d@example.org", { conditional: true }).then(processReadyToConfirm),
  ]);
  third.go();
  fourth.go();
  expect((await Promise.all([third.result, fourth.result])).map((r) => r.status)).toEqual(["confirmed", "confirmed"]);

  const met = await prisma.emailMessage.findMany({ where: { template: "condition-met" } });
  // The first three in (a, b and whichever of c and d committed first) each once; the fourth joined it on.
  expect(met).toHaveLength(3);
  expect(new Set(met.map((m) => m.toAddress)).size).toBe(3);
  expect(met.map((m) => m.toAddress)).toEqual(expect.arrayContaining(["a@example.org", "b@example.org"]));
  expect(await getCampaignTally(campaign.id)).toMatchObject({ total: 4, waiting: 0 });
  expect((await checkTally()).differences).toEqual([]);
}, 120_000);
