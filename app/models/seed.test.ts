import { randomUUID } from "node:crypto";
import { afterEach, expect, test } from "vitest";
import { createOrganisation } from "../../tests/accounts";
import { prisma } from "~/utils/db.server";
import { milestonesPassed } from "./campaign";
import { findPublicCampaign } from "./campaign.server";
import {
  EXAMPLE_CAMPAIGN_SLUG,
  EXAMPLE_CONDITION_WARD,
  EXAMPLE_EVENT_GOING,
  EXAMPLE_EVENT_IDS,
  removeExampleCampaign,
  removeExampleData,
  removeExampleOrganisations,
  removeExamplePledges,
  seedExampleData,
  seedExampleEvents,
  seedExampleOrganisations,
  seedExamplePledges,
} from "./example-data.server";
import { instantToLondonLocal } from "./event";
import { findPublicEvent, listUpcomingEvents } from "./event.server";
import { checkMilestones, listMilestones } from "./milestone.server";
import { queueDueFollowUps, queueDueReminders } from "./rsvp.server";
import { createCommitment } from "./organisation.server";
import { listConditionProgress } from "./pledge-condition.server";
import { commitmentKey } from "./pledge-signup.server";
import { seedReferenceData } from "./reference.server";
import { checkTally, getCampaignTally, getTally, rebuildTally } from "./tally.server";

afterEach(async () => {
  await removeExampleData();
});

/** The organisations the counting rule (docs/tally.md) counts, counted from the rows themselves. */
function recountOrganisations() {
  return prisma.organisation.count({ where: { status: "verified", commitments: { some: { status: "active" } } } });
}

test("reference data: five sectors, 20 wards with census 2021 population; seeding again changes nothing", async () => {
  await seedReferenceData();
  await seedReferenceData();
  expect(await prisma.sector.count()).toBe(5);
  expect(await prisma.ward.count()).toBe(20);
  const population = await prisma.ward.aggregate({ _sum: { population: true } });
  // The published ward figures sum to 269,924, one more than the city's 269,923: ONS rounds each.
  expect(population._sum.population).toBe(269_924);
  expect(await prisma.ward.findUnique({ where: { slug: "pendleton-and-charlestown" } })).toMatchObject({
    population: 17_154,
  });
});

test("example pledges are flagged, counted once however often seeded, and removed by DEMO=0's clean-up", async () => {
  const before = (await getTally()).total;
  const added = await seedExamplePledges();
  expect(added).toBeGreaterThan(0);
  expect(await seedExamplePledges()).toBe(0);
  expect(await prisma.pledge.count({ where: { isExample: false } })).toBe(0);
  // All count but the example campaign's three conditional pledges, which wait (counted apart).
  const tally = await getTally();
  expect(tally.waiting).toBe(3);
  expect(tally.total).toBe(before + added - 3);
  expect(await removeExamplePledges()).toBe(added);
  expect((await getTally()).total).toBe(before);
});

test("example organisations: verified, in different sectors and wards, with commitments and progress, counted as a recount counts them, and no email queued", async () => {
  const emailsBefore = await prisma.emailMessage.count();
  const before = await getTally();
  const added = await seedExampleOrganisations();
  expect(added).toBeGreaterThanOrEqual(5);
  expect(await seedExampleOrganisations()).toBe(0);

  const examples = await prisma.organisation.findMany({
    where: { isExample: true },
    include: { commitments: { include: { reports: true } } },
  });
  expect(examples).toHaveLength(added);
  expect(new Set(examples.map((o) => o.sectorKey)).size).toBe(5);
  expect(new Set(examples.map((o) => o.wardCode)).size).toBe(added);
  for (const o of examples) {
    expect(o.status).toBe("verified");
    expect(o.contactEmail).toMatch(/@example\.org$/);
    expect(o.commitments.length).toBeGreaterThan(0);
  }
  const commitments = examples.flatMap((o) => o.commitments);
  expect(new Set(commitments.map((c) => c.quality)).size).toBe(4);
  expect(commitments.filter((c) => c.reports.length > 0).length).toBeGreaterThan(0);
  expect(commitments.filter((c) => c.reports.length === 0).length).toBeGreaterThan(0);

  const after = await getTally();
  expect(after.organisations).toBe(await recountOrganisations());
  expect(after.organisations).toBe(before.organisations + added);
  expect(after.total).toBe(before.total + added);
  expect(after.residents).toBe(before.residents);
  expect(await prisma.emailMessage.count()).toBe(emailsBefore);
});

test("DEMO=0's clean-up removes the example organisations with their commitments and progress, and the tally drops by exactly them", async () => {
  const real = await createOrganisation("real-charity");
  await createCommitment(real.id, {
    quality: "values",
    title: "Pay the Real Living Wage",
    measure: "Everyone paid the Real Living Wage",
    targetKind: "yesno",
    targetDate: new Date("2027-06-01"),
  });
  const { organisations: added } = await seedExampleData();
  const before = await getTally();
  expect(before.organisations).toBe(added + 1);

  const removed = await removeExampleData();
  expect(removed.organisations).toBe(added);
  const after = await getTally();
  expect(after.organisations).toBe(before.organisations - added);
  // The example pledges that counted: all but those waiting.
  expect(after.total).toBe(before.total - added - (removed.pledges - before.waiting));
  expect(after.waiting).toBe(0);
  expect(removed.campaigns).toBe(1);
  expect(after.organisations).toBe(await recountOrganisations());
  expect(after.byQuality.values).toBe(1);
  expect(await prisma.organisation.findMany({ select: { slug: true } })).toEqual([{ slug: "real-charity" }]);
  const left = await prisma.commitment.findMany({ select: { organisationId: true }, distinct: ["organisationId"] });
  expect(left).toEqual([{ organisationId: real.id }]);
  expect(await prisma.progressReport.count()).toBe(0);
  expect(await removeExampleOrganisations()).toBe(0);
});

/** Every counter, rolled up and pending: what the tally holds. */
async function storedCounters() {
  const counters = new Map<string, number>();
  for (const c of await prisma.tallyCounter.findMany()) counters.set(c.dimension, Number(c.count));
  for (const d of await prisma.tallyDelta.findMany())
    counters.set(d.dimension, (counters.get(d.dimension) ?? 0) + d.delta);
  return counters;
}

test("the example campaign: seeded once however often seeded, published and running with its offer and partners, counted as a full recount counts it, past its first milestone with three waiting in one ward", async () => {
  const emailsBefore = await prisma.emailMessage.count();
  const added = await seedExampleData();
  expect(added.campaigns).toBe(1);
  expect(await seedExampleData()).toEqual({ pledges: 0, organisations: 0, campaigns: 0, events: 0 });
  expect(await prisma.campaign.count()).toBe(1);

  const campaign = (await findPublicCampaign(EXAMPLE_CAMPAIGN_SLUG))!;
  expect(campaign).toMatchObject({ isExample: true, phase: "running", milestones: [25, 50, 75, 100] });
  expect(campaign.name).toMatch(/^Example campaign: /);
  expect(campaign.summary).toMatch(/example/i);
  expect(campaign.suggestions).toHaveLength(3);
  expect(campaign.wardCodes).toContain(EXAMPLE_CONDITION_WARD);
  expect(campaign.conditional).toMatchObject({ scope: "ward", threshold: 5, open: true });
  expect(campaign.partners).toHaveLength(2);
  expect(campaign.partners.every((p) => p.isExample)).toBe(true);

  expect((await checkTally()).differences).toEqual([]);
  const pledges = await prisma.pledge.findMany({ where: { campaignId: campaign.id } });
  const tally = await getCampaignTally(campaign.id);
  expect(tally.total).toBe(pledges.filter((p) => !p.conditional).length);
  expect(tally.waiting).toBe(3);
  expect((await getTally()).waiting).toBe(3);
  expect(milestonesPassed(tally.total, campaign.target, campaign.milestones)).toContain(25);
  expect(await listConditionProgress(campaign.id)).toMatchObject([
    // Three in one ward: published as fewer than 5, as any ward's count.
    { wardCode: EXAMPLE_CONDITION_WARD, signers: null, fewerThan5: true, threshold: 5, status: "waiting" },
  ]);
  // Its pledges were all made while it has been running.
  for (const p of pledges)
    expect(p.confirmedAt!.getTime()).toBeGreaterThanOrEqual(new Date(campaign.startsOn).getTime());
  expect(await prisma.emailMessage.count()).toBe(emailsBefore);
});

test("DEMO=0 removes the example campaign with its conditions, partners and milestones; real pledges made in it stay, unattributed, and the tally drops by exactly the campaign", async () => {
  await seedExampleData();
  const campaign = (await prisma.campaign.findUnique({
    where: { slug: EXAMPLE_CAMPAIGN_SLUG },
    include: { conditions: true },
  }))!;
  const waitingIn = campaign.conditions[0]!;
  const lapsedIn = await prisma.pledgeCondition.create({
    data: {
      id: randomUUID(),
      campaignId: campaign.id,
      wardCode: "E05013028",
      threshold: 5,
      deadline: new Date(Date.now() - 86_400_000),
      status: "lapsed",
      settledAt: new Date(Date.now() - 86_400_000),
    },
  });
  // Three real people's pledges in it: a plain one, one waiting with the examples, one whose condition lapsed.
  const real = (n: number, extra: { wardCode: string; conditional: boolean; conditionId: string | null }) => {
    const commitment = `I will help a neighbour this winter, number ${n}.`;
    return prisma.pledge.create({
      data: {
        id: randomUUID(),
        name: `Real Person ${n}`,
        nameDisplay: "full",
        email: `real-${n}@example.com`,
        emailNormalised: `real-${n}@example.com`,
        postcode: "M30 0AA",
        qualities: ["partnerships"],
        commitment,
        commitmentKey: commitmentKey(commitment),
        nudgeConsent: true,
        newsConsent: false,
        confirmedAt: new Date(),
        campaignId: campaign.id,
        ...extra,
      },
    });
  };
  const plain = await real(1, { wardCode: EXAMPLE_CONDITION_WARD, conditional: false, conditionId: null });
  const waiting = await real(2, { wardCode: EXAMPLE_CONDITION_WARD, conditional: true, conditionId: waitingIn.id });
  const lapsed = await real(3, { wardCode: "E05013028", conditional: true, conditionId: lapsedIn.id });
  await rebuildTally();
  await checkMilestones();
  expect((await listMilestones(campaign.id)).map((m) => m.percent)).toContain(25);

  const before = await getTally();
  const counted = await getCampaignTally(campaign.id);
  expect(before.waiting).toBe(4);
  const examplesCounted = await prisma.pledge.count({
    where: { campaignId: campaign.id, isExample: true, conditional: false },
  });
  expect(counted.total).toBe(examplesCounted + 1);

  expect(await removeExampleCampaign()).toEqual({ campaigns: 1, pledges: 27 });
  expect(await prisma.campaign.count()).toBe(0);
  expect(await prisma.campaignPartner.count()).toBe(0);
  expect(await prisma.pledgeCondition.count()).toBe(0);
  expect(await listMilestones(campaign.id)).toEqual([]);
  // The organisations that were its partners are still there.
  expect(await prisma.organisation.count({ where: { isExample: true } })).toBe(6);

  const left = await prisma.pledge.findMany({ where: { isExample: false }, orderBy: { name: "asc" } });
  expect(left.map((p) => p.id)).toEqual([plain.id, waiting.id, lapsed.id]);
  for (const p of left) expect(p).toMatchObject({ campaignId: null, conditional: false, conditionId: null });
  expect(left.map((p) => p.withdrawnAt !== null)).toEqual([false, false, true]);

  const after = await getTally();
  // The campaign's example pledges no longer count; the real one that waited counts as a plain pledge.
  expect(after.total).toBe(before.total - examplesCounted + 1);
  expect(after.waiting).toBe(0);
  const counters = await storedCounters();
  expect([...counters.keys()].filter((d) => d.startsWith("campaign:"))).toEqual([]);
  expect((await checkTally()).differences).toEqual([]);
  expect(await removeExampleCampaign()).toEqual({ campaigns: 0, pledges: 0 });
});

test("two example events: one at a place in Eccles for the example campaign with example attendees going, one online; at 18:30 Salford time in 10 and 20 days; seeded once, and no email queued", async () => {
  const emailsBefore = await prisma.emailMessage.count();
  const now = new Date("2027-03-20T12:00:00Z");
  const added = await seedExampleData(now);
  expect(added.events).toBe(2);
  expect(await seedExampleEvents(now)).toBe(0);

  const place = (await findPublicEvent(EXAMPLE_EVENT_IDS.place, now))!;
  expect(place).toMatchObject({
    isExample: true,
    status: "published",
    mode: "place",
    campaign: { slug: EXAMPLE_CAMPAIGN_SLUG, isExample: true },
    organisation: { slug: "example-eccles-community-pantry", isExample: true },
    ward: { code: EXAMPLE_CONDITION_WARD },
    going: EXAMPLE_EVENT_GOING,
    capacity: 20,
    placesLeft: 20 - EXAMPLE_EVENT_GOING,
  });
  expect(place.title).toMatch(/^Example event: /);
  expect(place.lat).not.toBeNull();
  const online = (await findPublicEvent(EXAMPLE_EVENT_IDS.online, now))!;
  expect(online).toMatchObject({ isExample: true, mode: "online", ward: null, lat: null, going: 0, capacity: null });
  // 10 and 20 days on, across the clock change on 28 March: 18:30 on Salford's clock both times.
  expect(instantToLondonLocal(place.startsAt)).toBe("2027-03-30T18:30");
  expect(instantToLondonLocal(online.startsAt)).toBe("2027-04-09T18:30");
  expect((await listUpcomingEvents({}, now)).map((e) => e.id)).toEqual([
    EXAMPLE_EVENT_IDS.place,
    EXAMPLE_EVENT_IDS.online,
  ]);

  const attendees = await prisma.rsvp.findMany({ where: { eventId: EXAMPLE_EVENT_IDS.place } });
  expect(attendees).toHaveLength(EXAMPLE_EVENT_GOING);
  for (const rsvp of attendees) {
    expect(rsvp.email).toMatch(/@example\.org$/);
    expect(rsvp.queueSeq).not.toBeNull();
  }
  // The day before and the day after: the reminder and the follow-up jobs email no example attendee.
  await queueDueReminders(new Date(new Date(place.startsAt).getTime() - 3600 * 1000));
  await queueDueFollowUps(new Date(new Date(place.endsAt).getTime() + 3600 * 1000));
  expect(await prisma.emailMessage.count()).toBe(emailsBefore);
});

test("DEMO=0 removes the example events and their RSVPs; a real pledge made at one stays, no longer the event's", async () => {
  await seedExampleData();
  const commitment = "I will come to the next get-together.";
  const pledge = await prisma.pledge.create({
    data: {
      id: randomUUID(),
      name: "Real Person",
      nameDisplay: "full",
      email: "real@example.com",
      emailNormalised: "real@example.com",
      postcode: "M30 0AA",
      wardCode: EXAMPLE_CONDITION_WARD,
      qualities: ["partnerships"],
      commitment,
      commitmentKey: commitmentKey(commitment),
      nudgeConsent: false,
      newsConsent: false,
      eventId: EXAMPLE_EVENT_IDS.place,
    },
  });
  const removed = await removeExampleData();
  expect(removed.events).toBe(2);
  expect(await prisma.event.count()).toBe(0);
  expect(await prisma.rsvp.count()).toBe(0);
  expect(await prisma.pledge.findUnique({ where: { id: pledge.id } })).toMatchObject({ eventId: null });
  expect((await removeExampleData()).events).toBe(0);
});
