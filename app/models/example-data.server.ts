import { QUALITIES, type QualityKey } from "~/reference/qualities";
import type { SECTORS } from "~/reference/sectors";
import { prisma } from "~/utils/db.server";
import { readPostcodes, readWardShapes } from "~/utils/reference.server";
import { endOfSalfordDay } from "./campaign-admin.server";
import { londonLocalToInstant } from "./event";
import {
  EXAMPLE_CAMPAIGN_SLUG,
  EXAMPLE_CONDITION_POSTCODE,
  EXAMPLE_CONDITION_WARD,
  EXAMPLE_EVENT_IDS,
  EXAMPLE_EVENT_GOING,
} from "./example-data";
import { commitmentKey } from "./pledge-signup.server";
import { rebuildTally, recountOrganisation, salfordDay } from "./tally.server";
import { lookupPostcode } from "./ward.server";

export {
  EXAMPLE_CAMPAIGN_SLUG,
  EXAMPLE_CONDITION_POSTCODE,
  EXAMPLE_CONDITION_WARD,
  EXAMPLE_EVENT_IDS,
  EXAMPLE_EVENT_GOING,
} from "./example-data";

/**
 * Example pledges, organisations, a campaign and two events so a newcomer to a local copy
 * sees a living site: the wall, the directory, the map's pins, the tally and a
 * campaign under way. Flagged is_example, labelled "Example" wherever shown,
 * only ever seeded into a new embedded database (scripts/lib/seed.ts), and
 * removed again by DEMO=0. Their addresses are @example.org, which delivers
 * nowhere, and seeding queues no email.
 */

/** Every kind, as scripts/lib/seed.ts seeds them. Returns how many of each were added. */
export async function seedExampleData(now = new Date()) {
  const organisations = await seedExampleOrganisations(now);
  // After the organisations: two of them are its partners.
  const campaigns = await seedExampleCampaign(now);
  const pledges = await seedExamplePledges(now);
  // After the campaign and the organisations: the event at a place is theirs.
  const events = await seedExampleEvents(now);
  return { pledges, organisations, campaigns, events };
}

/** DEMO=0: removes every example, and what it added to the tally. Returns how many of each were removed. */
export async function removeExampleData() {
  // The events first: they name the example campaign and organisations.
  const events = await removeExampleEvents();
  const organisations = await removeExampleOrganisations();
  // The campaign first: it takes its own example pledges with it, and frees real ones made in it.
  const campaigns = await removeExampleCampaign();
  const pledges = (await removeExamplePledges()) + campaigns.pledges;
  return { pledges, organisations, campaigns: campaigns.campaigns, events };
}
const FIRST_NAMES = [
  "Aisha",
  "Ben",
  "Chloe",
  "Daniel",
  "Ewa",
  "Femi",
  "Grace",
  "Hassan",
  "Isla",
  "Jack",
  "Kiran",
  "Leah",
];
const LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Doyle", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones"];
const OWN_WORDS = [
  "I will help out at the food bank in Eccles one Saturday a month.",
  "I will ask my employer to pay the Real Living Wage to everyone who works for us.",
  "I will run a monthly litter pick on my street with my neighbours.",
  "I will mentor a young person starting out in their first job.",
];
const EXAMPLE_COUNT = 160;

function exampleId(n: number) {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/**
 * Seeds the example pledges that are not there yet and recounts the tally.
 * One in six is made for the example campaign (seeded first if it is not
 * there): confirmed since it started, mostly in its two wards, the first
 * three conditional and waiting in one ward. Returns how many it added.
 */
export async function seedExamplePledges(now = new Date()) {
  await seedExampleCampaign(now);
  const campaign = await prisma.campaign.findUniqueOrThrow({
    where: { id: EXAMPLE_CAMPAIGN.id },
    include: { conditions: { where: { wardCode: EXAMPLE_CONDITION_WARD } } },
  });
  const condition = campaign.conditions[0]!;
  const wards = readWardShapes().features.map((f) => f.properties.code);
  const postcodeOfWard = new Map<string, string>();
  for (const p of readPostcodes().values())
    if (!postcodeOfWard.has(p.wardCode)) postcodeOfWard.set(p.wardCode, p.postcode);
  postcodeOfWard.set(EXAMPLE_CONDITION_WARD, EXAMPLE_CONDITION_POSTCODE);
  const displays = ["full", "initial", "anonymous"];

  const rows = Array.from({ length: EXAMPLE_COUNT }, (_, i) => {
    const quality = QUALITIES[i % QUALITIES.length]!;
    const qualities: QualityKey[] = i % 5 === 0 ? [quality.key, QUALITIES[(i + 1) % 4]!.key] : [quality.key];
    const commitment =
      i % 7 === 3 ? OWN_WORDS[i % OWN_WORDS.length]! : quality.suggestions[i % quality.suggestions.length]!.text;
    // Five in every ward, then more in a few: a city that is not uniform.
    const wardCode = wards[i < 100 ? (i * 7) % wards.length : (i * 11) % 8]!;
    const confirmedAt = new Date(now.getTime() - (i * 31 + 7) * 3600 * 1000);
    const row = {
      id: exampleId(i + 1),
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 3) % LAST_NAMES.length]}`,
      nameDisplay: displays[i % 3]!,
      email: `example-${i + 1}@example.org`,
      emailNormalised: `example-${i + 1}@example.org`,
      postcode: postcodeOfWard.get(wardCode)!,
      wardCode,
      qualities,
      commitment,
      commitmentKey: commitmentKey(commitment),
      nudgeConsent: false,
      newsConsent: false,
      isExample: true,
      confirmedAt,
      createdAt: confirmedAt,
      updatedAt: confirmedAt,
    };
    if (i % 6 !== 1) return row;
    // The k-th of the campaign's: within its two weeks so far, a third in each of its wards.
    const k = (i - 1) / 6;
    const conditional = k < 3;
    const campaignWard = conditional ? EXAMPLE_CONDITION_WARD : [...EXAMPLE_CAMPAIGN.wardCodes, wardCode][k % 3]!;
    const campaignCommitment = EXAMPLE_CAMPAIGN.suggestions[k % EXAMPLE_CAMPAIGN.suggestions.length]!;
    const made = new Date(now.getTime() - (k * 11 + 5) * 3600 * 1000);
    return {
      ...row,
      postcode: postcodeOfWard.get(campaignWard)!,
      wardCode: campaignWard,
      qualities: [EXAMPLE_CAMPAIGN.qualities[k % EXAMPLE_CAMPAIGN.qualities.length]!],
      commitment: campaignCommitment,
      commitmentKey: commitmentKey(campaignCommitment),
      campaignId: campaign.id,
      conditional,
      conditionId: conditional ? condition.id : null,
      confirmedAt: made,
      createdAt: made,
      updatedAt: made,
    };
  });
  const { count } = await prisma.pledge.createMany({ data: rows, skipDuplicates: true });
  if (count > 0) await rebuildTally();
  return count;
}

export async function removeExamplePledges() {
  const { count } = await prisma.pledge.deleteMany({ where: { isExample: true } });
  if (count > 0) await rebuildTally();
  return count;
}

type ExampleCommitment = {
  quality: QualityKey;
  title: string;
  measure: string;
  /** a number to reach, or done (yes/no) */
  target: { value: number; unit: string } | "yesno";
  /** months from now */
  dueInMonths: number;
  /** progress so far, oldest first: the value reached (1 for done) and what happened */
  reports: { value: number; story: string; daysAgo: number }[];
};

type ExampleOrganisation = {
  slug: string;
  name: string;
  sector: (typeof SECTORS)[number]["key"];
  postcode: string;
  description: string;
  commitments: ExampleCommitment[];
};

/** Invented organisations, one or two in each sector, in different wards. */
const EXAMPLE_ORGANISATIONS: ExampleOrganisation[] = [
  {
    slug: "example-quayside-bike-menders",
    name: "Quayside Bike Menders",
    sector: "social-enterprise",
    postcode: "M5 4WT",
    description: "Repairs donated bikes and teaches bike maintenance to young people in Ordsall.",
    commitments: [
      {
        quality: "delivery",
        title: "Repair donated bikes for local families",
        measure: "Bikes handed over to Salford families",
        target: { value: 300, unit: "bikes" },
        dueInMonths: 10,
        reports: [
          {
            value: 45,
            story: "The first term's workshops fixed 45 bikes for families at two primary schools.",
            daysAgo: 70,
          },
          { value: 120, story: "A summer repair week with volunteers from the Quays brought us to 120.", daysAgo: 12 },
        ],
      },
      {
        quality: "values",
        title: "Pay everyone the Real Living Wage",
        measure: "Every member of staff paid at least the Real Living Wage",
        target: "yesno",
        dueInMonths: 3,
        reports: [
          {
            value: 1,
            story: "All eight staff, including our two apprentices, are now paid the Real Living Wage.",
            daysAgo: 20,
          },
        ],
      },
    ],
  },
  {
    slug: "example-eccles-community-pantry",
    name: "Eccles Community Pantry",
    sector: "charity",
    postcode: "M30 0AA",
    description: "A membership food pantry and cookery club run by volunteers in Eccles.",
    commitments: [
      {
        quality: "partnerships",
        title: "Share surplus food with Eccles schools",
        measure: "Schools receiving a weekly share of surplus food",
        target: { value: 5, unit: "schools" },
        dueInMonths: 8,
        reports: [{ value: 3, story: "Three schools now collect a share every Friday.", daysAgo: 30 }],
      },
      {
        quality: "delivery",
        title: "Open on Saturday mornings",
        measure: "The pantry opens every Saturday morning",
        target: "yesno",
        dueInMonths: 2,
        reports: [],
      },
    ],
  },
  {
    slug: "example-swinton-print-works",
    name: "Swinton Print Works",
    sector: "private-business",
    postcode: "M27 6AB",
    description: "A family printing business on Swinton's high street.",
    commitments: [
      {
        quality: "operations",
        title: "Buy from Salford suppliers",
        measure: "Share of what we spend on supplies that goes to Salford firms",
        target: { value: 60, unit: "per cent" },
        dueInMonths: 12,
        reports: [
          { value: 35, story: "We moved our paper and ink orders to a supplier in Pendlebury.", daysAgo: 90 },
          { value: 45, story: "Our courier and cleaning contracts are now with Salford firms too.", daysAgo: 15 },
        ],
      },
      {
        quality: "values",
        title: "Take on apprentices from Salford schools",
        measure: "Apprentices recruited from Salford school leavers",
        target: { value: 2, unit: "apprentices" },
        dueInMonths: 9,
        reports: [],
      },
    ],
  },
  {
    slug: "example-kersal-health-centre",
    name: "Kersal Health Centre",
    sector: "public-service",
    postcode: "M7 3AA",
    description: "A GP practice and community health centre serving Kersal and Broughton Park.",
    commitments: [
      {
        quality: "operations",
        title: "Switch to renewable electricity",
        measure: "All the centre's electricity comes from a renewable tariff",
        target: "yesno",
        dueInMonths: 6,
        reports: [],
      },
      {
        quality: "partnerships",
        title: "Host local groups in our meeting room",
        measure: "Community groups using the meeting room free of charge",
        target: { value: 10, unit: "groups" },
        dueInMonths: 12,
        reports: [
          { value: 4, story: "A walking group, two parent groups and a knit-and-natter meet here now.", daysAgo: 40 },
        ],
      },
    ],
  },
  {
    slug: "example-cadishead-allotment-society",
    name: "Cadishead Allotment Society",
    sector: "community-group",
    postcode: "M44 5AA",
    description: "Allotment holders in Cadishead who grow food and share it with neighbours.",
    commitments: [
      {
        quality: "partnerships",
        title: "Open days for local schools",
        measure: "Open days held with Cadishead and Irlam schools",
        target: { value: 12, unit: "open days" },
        dueInMonths: 11,
        reports: [
          { value: 4, story: "Four classes have planted, picked and cooked with us this spring.", daysAgo: 25 },
        ],
      },
    ],
  },
  {
    slug: "example-walkden-software-cooperative",
    name: "Walkden Software Co-operative",
    sector: "private-business",
    postcode: "M28 3AA",
    description: "A worker-owned software company that builds websites for Salford charities.",
    commitments: [
      {
        quality: "delivery",
        title: "Build websites for Salford charities at cost",
        measure: "Charity websites built at cost",
        target: { value: 8, unit: "websites" },
        dueInMonths: 12,
        reports: [{ value: 2, story: "Two food banks have new websites that take volunteer sign-ups.", daysAgo: 50 }],
      },
      {
        quality: "values",
        title: "Give every member a say in how profits are shared",
        measure: "A members' vote on profit sharing every year",
        target: "yesno",
        dueInMonths: 5,
        reports: [
          { value: 1, story: "This year's vote put a fifth of the profit into a fund for local training.", daysAgo: 8 },
        ],
      },
    ],
  },
];

/**
 * Stable ids, so seeding again finds what it seeded: organisations, commitments, reports, campaigns, conditions,
 * events (example-data.ts names them) and RSVPs each have their own range.
 */
function exampleUuid(kind: 1 | 2 | 3 | 4 | 5 | 6 | 7, ...n: number[]) {
  return `00000000-0000-4000-9000-${String(kind)}${n
    .map((i) => String(i).padStart(3, "0"))
    .join("")
    .padStart(11, "0")}`;
}

const DAY = 24 * 3600 * 1000;

/** Where an example is, from its postcode: one that is not Salford's is a mistake in the examples, named by `example`. */
function exampleLocation(postcode: string, example: string) {
  const found = lookupPostcode(postcode);
  if (found.status !== "found") throw new Error(`${example}: ${postcode} is not a Salford postcode`);
  return found.location;
}

/**
 * Seeds the example organisations that are not there yet, verified, each with
 * its commitments and progress, and counts each in the tally as a verified
 * organisation with active commitments is counted. Returns how many it added.
 */
export async function seedExampleOrganisations(now = new Date()) {
  let added = 0;
  for (const [i, example] of EXAMPLE_ORGANISATIONS.entries()) {
    const place = exampleLocation(example.postcode, `example organisation ${example.slug}`);
    const id = exampleUuid(1, i + 1);
    const since = new Date(now.getTime() - (120 - i * 7) * DAY);
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.organisation.createMany({
        data: [
          {
            id,
            slug: example.slug,
            name: example.name,
            sectorKey: example.sector,
            postcode: place.postcode,
            address: `Example address, ${place.postcode}`,
            wardCode: place.wardCode,
            lat: place.lat,
            lon: place.lon,
            contactEmail: `${example.slug}@example.org`,
            contactConfirmedAt: since,
            description: example.description,
            status: "verified",
            reviewedAt: since,
            isExample: true,
            createdAt: since,
          },
        ],
        skipDuplicates: true,
      });
      if (count === 0) return;
      added += 1;
      for (const [j, commitment] of example.commitments.entries()) {
        const commitmentId = exampleUuid(2, i + 1, j + 1);
        await tx.commitment.create({
          data: {
            id: commitmentId,
            organisationId: id,
            quality: commitment.quality,
            title: commitment.title,
            measure: commitment.measure,
            targetKind: commitment.target === "yesno" ? "yesno" : "number",
            targetValue: commitment.target === "yesno" ? 1 : commitment.target.value,
            unit: commitment.target === "yesno" ? null : commitment.target.unit,
            targetDate: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + commitment.dueInMonths, 1)),
            createdAt: since,
          },
        });
        await tx.progressReport.createMany({
          data: commitment.reports.map((report, k) => {
            const on = new Date(now.getTime() - report.daysAgo * DAY);
            return {
              id: exampleUuid(3, i + 1, j + 1, k + 1),
              commitmentId,
              value: report.value,
              story: report.story,
              reportedOn: new Date(on.toISOString().slice(0, 10)),
              createdAt: on,
            };
          }),
        });
      }
      await recountOrganisation(tx, id);
    });
  }
  return added;
}

/**
 * Removes the example organisations with their commitments and progress:
 * each first stops counting (its commitments withdrawn and recounted, as any
 * organisation's would), then is deleted. Returns how many it removed.
 */
export async function removeExampleOrganisations() {
  return prisma.$transaction(async (tx) => {
    const examples = await tx.organisation.findMany({ where: { isExample: true }, select: { id: true } });
    const ids = examples.map((o) => o.id);
    if (!ids.length) return 0;
    await tx.commitment.updateMany({ where: { organisationId: { in: ids } }, data: { status: "withdrawn" } });
    for (const id of ids) await recountOrganisation(tx, id);
    await tx.organisationDigest.deleteMany({ where: { organisationId: { in: ids } } });
    const { count } = await tx.organisation.deleteMany({ where: { id: { in: ids } } });
    return count;
  });
}

/** The example campaign: its dates are days from the day it is seeded. */
const EXAMPLE_CAMPAIGN = {
  id: exampleUuid(4, 1),
  slug: EXAMPLE_CAMPAIGN_SLUG,
  name: "Example campaign: Good Neighbours Winter",
  summary:
    "An example campaign, made up to show how campaigns work: neighbours in Ordsall and Eccles looking out for each other through the winter.",
  body: [
    "**This is an example.** It was seeded into this copy of the site to show what a campaign looks like, and goes when the site runs with `DEMO=0`.",
    "",
    "Winter is hard on people who live alone. For these few weeks, neighbours in **Ordsall** and **Eccles** pledge to look out for each other: a knock on the door, a lift to the shops, a warm meal shared.",
    "",
    "You can pledge *only if enough others in your ward will too*: such pledges wait until five in the ward have made them. Three are already waiting in Eccles.",
  ].join("\n"),
  startsInDays: -14,
  endsInDays: 60,
  target: 60,
  qualities: ["partnerships", "values"] as QualityKey[],
  // Eccles and Ordsall.
  wardCodes: [EXAMPLE_CONDITION_WARD, "E05013028"],
  suggestions: [
    "I will knock on an older neighbour's door once a week this winter.",
    "I will offer a lift to the shops to a neighbour without a car.",
    "I will cook an extra portion once a week and share it with a neighbour.",
  ],
  milestones: [25, 50, 75, 100],
  conditional: { scope: "ward", threshold: 5, deadlineInDays: 30 },
  partners: ["example-quayside-bike-menders", "example-eccles-community-pantry"],
};

/** A calendar day `days` from Salford's today, as a DATE column holds it (UTC midnight). */
function dayFrom(now: Date, days: number) {
  return new Date(new Date(`${salfordDay(now)}T00:00:00Z`).getTime() + days * DAY);
}

/**
 * Seeds the example campaign if it is not there: published and running, with
 * its conditional offer and the condition its example pledges wait in; and
 * adds as its partners those of its two example organisations that are there.
 * Its pledges are seedExamplePledges'. Returns how many campaigns it added.
 */
export async function seedExampleCampaign(now = new Date()) {
  const example = EXAMPLE_CAMPAIGN;
  const startsOn = dayFrom(now, example.startsInDays);
  // The end of that day in Salford, as an admin's deadline day is kept.
  const deadline = endOfSalfordDay(dayFrom(now, example.conditional.deadlineInDays));
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.campaign.createMany({
      data: [
        {
          id: example.id,
          slug: example.slug,
          name: example.name,
          summary: example.summary,
          body: example.body,
          startsOn,
          endsOn: dayFrom(now, example.endsInDays),
          target: example.target,
          qualities: example.qualities,
          wardCodes: example.wardCodes,
          suggestions: example.suggestions,
          milestones: example.milestones,
          status: "published",
          conditionalThreshold: example.conditional.threshold,
          conditionalDeadline: deadline,
          conditionalScope: example.conditional.scope,
          isExample: true,
          publishedAt: startsOn,
          createdAt: startsOn,
          updatedAt: startsOn,
        },
      ],
      skipDuplicates: true,
    });
    if (count > 0)
      await tx.pledgeCondition.create({
        data: {
          id: exampleUuid(5, 1),
          campaignId: example.id,
          wardCode: EXAMPLE_CONDITION_WARD,
          threshold: example.conditional.threshold,
          deadline,
          createdAt: startsOn,
        },
      });
    const partners = await tx.organisation.findMany({
      where: { slug: { in: example.partners }, isExample: true },
      select: { id: true },
    });
    await tx.campaignPartner.createMany({
      data: partners.map((o) => ({ campaignId: example.id, organisationId: o.id })),
      skipDuplicates: true,
    });
    return count;
  });
}

/**
 * Removes the example campaign with its partners, conditions, milestones and
 * example pledges, then recounts the tally. A real pledge made in it stays, as
 * a pledge of the city's alone: a conditional one counts as any other (its
 * condition goes with the campaign), unless its condition had lapsed, when it
 * stays uncounted as withdrawn on the day it lapsed. Returns how many
 * campaigns and example pledges it removed.
 */
export async function removeExampleCampaign() {
  const examples = await prisma.campaign.findMany({ where: { isExample: true }, select: { id: true } });
  const ids = examples.map((c) => c.id);
  if (!ids.length) return { campaigns: 0, pledges: 0 };
  const removed = await prisma.$transaction(async (tx) => {
    // Its conditions' rows first, as every change to a pledge in one takes them (pledge-condition.server.ts).
    await tx.$queryRaw`SELECT id FROM pledge_condition WHERE campaign_id = ANY(${ids}::uuid[]) FOR UPDATE`;
    await tx.$executeRaw`
      UPDATE pledge p SET withdrawn_at = c.settled_at, updated_at = now()
      FROM pledge_condition c
      WHERE p.condition_id = c.id AND c.campaign_id = ANY(${ids}::uuid[]) AND c.status = 'lapsed'
        AND p.withdrawn_at IS NULL AND NOT p.is_example`;
    const pledges = await tx.pledge.deleteMany({ where: { campaignId: { in: ids }, isExample: true } });
    await tx.pledge.updateMany({
      where: { campaignId: { in: ids } },
      data: { campaignId: null, conditional: false, conditionId: null },
    });
    // A milestone's scope is its campaign's id, not a foreign key: nothing else removes them.
    await tx.milestone.deleteMany({ where: { scope: { in: ids } } });
    const campaigns = await tx.campaign.deleteMany({ where: { id: { in: ids } } });
    return { campaigns: campaigns.count, pledges: pledges.count };
  });
  await rebuildTally();
  return removed;
}

/** The example events: days from the day they are seeded, at 18:30 on Salford's clock. */
const EXAMPLE_EVENTS = [
  {
    id: EXAMPLE_EVENT_IDS.place,
    title: "Example event: Good Neighbours winter get-together",
    description: [
      "**This is an example.** It was seeded into this copy of the site to show what an event looks like, and goes when the site runs with `DEMO=0`.",
      "",
      "Come and meet your neighbours over a warm drink, swap ideas for looking out for each other this winter, and make a pledge for the *Good Neighbours Winter* campaign if you would like to.",
      "",
      "- Tea, coffee and soup from the pantry's kitchen",
      "- A table of ideas from last winter",
    ].join("\n"),
    inDays: 10,
    hours: 2,
    mode: "place",
    organisation: "example-eccles-community-pantry",
    venueName: "Eccles Community Pantry (example)",
    address: "Example address, Eccles",
    postcode: EXAMPLE_CONDITION_POSTCODE,
    capacity: 20,
    campaign: true,
    access: { stepFree: true, hearingLoop: true, quietSpace: false },
    accessibilityNotes: "Level entrance from the street; an accessible toilet on the ground floor.",
    contactName: "Pantry volunteers (example)",
  },
  {
    id: EXAMPLE_EVENT_IDS.online,
    title: "Example event: Getting your community group online",
    description: [
      "**This is an example.** It was seeded into this copy of the site to show what an online event looks like, and goes when the site runs with `DEMO=0`.",
      "",
      "An hour on the basics of a website for a small group: what it needs, what it costs, and how to take volunteer sign-ups.",
    ].join("\n"),
    inDays: 20,
    hours: 1,
    mode: "online",
    organisation: "example-walkden-software-cooperative",
    venueName: null,
    address: null,
    postcode: null,
    capacity: null,
    campaign: false,
    access: { stepFree: false, hearingLoop: false, quietSpace: false },
    accessibilityNotes: "Live captions are on for the whole session.",
    contactName: "Walkden Software Co-operative (example)",
  },
] as const;

/** 18:30 in Salford, `days` after Salford's today. */
function eveningIn(now: Date, days: number) {
  const day = dayFrom(now, days).toISOString().slice(0, 10);
  return londonLocalToInstant(`${day}T18:30`)!;
}

/**
 * Seeds the example events that are not there: one at a place in Eccles, for
 * the example campaign and run by an example organisation, with a capacity and
 * a few example attendees going; one online. Published, labelled as examples.
 * Their attendees' addresses are @example.org and are marked as already
 * reminded and followed up, so no job ever emails them. Returns how many it added.
 */
export async function seedExampleEvents(now = new Date()) {
  let added = 0;
  for (const example of EXAMPLE_EVENTS) {
    const organisation = await prisma.organisation.findFirst({
      where: { slug: example.organisation, isExample: true },
      select: { id: true, contactEmail: true },
    });
    const campaign = example.campaign
      ? await prisma.campaign.findFirst({
          where: { slug: EXAMPLE_CAMPAIGN_SLUG, isExample: true },
          select: { id: true },
        })
      : null;
    const location = example.postcode ? exampleLocation(example.postcode, "example event") : null;
    const startsAt = eveningIn(now, example.inDays);
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.event.createMany({
        data: [
          {
            id: example.id,
            title: example.title,
            description: example.description,
            startsAt,
            endsAt: new Date(startsAt.getTime() + example.hours * 3600 * 1000),
            mode: example.mode,
            venueName: example.venueName,
            address: example.address,
            postcode: location?.postcode ?? null,
            wardCode: location?.wardCode ?? null,
            lat: location?.lat ?? null,
            lon: location?.lon ?? null,
            onlineUrl: example.mode === "online" ? "https://example.org/join/example-online-event" : null,
            capacity: example.capacity,
            campaignId: campaign?.id ?? null,
            organisationId: organisation?.id ?? null,
            ...example.access,
            accessibilityNotes: example.accessibilityNotes,
            contactName: example.contactName,
            contactEmail: organisation?.contactEmail ?? "events@example.org",
            status: "published",
            isExample: true,
            publishedAt: now,
            createdAt: now,
            updatedAt: now,
          },
        ],
        skipDuplicates: true,
      });
      if (count === 0) return;
      added += 1;
      const going = example.capacity === null ? 0 : EXAMPLE_EVENT_GOING;
      if (!going) return;
      // Their place in the order, as a confirmation takes it.
      const seqs = await tx.$queryRaw<{ n: bigint }[]>`
        SELECT nextval('rsvp_queue_seq') AS n FROM generate_series(1, ${going}::int)`;
      await tx.rsvp.createMany({
        data: seqs.map(({ n }, i) => {
          const email = `example-rsvp-${i + 1}@example.org`;
          const confirmedAt = new Date(now.getTime() - (going - i) * 3600 * 1000);
          return {
            id: exampleUuid(7, example.id === EXAMPLE_EVENT_IDS.place ? 1 : 2, i + 1),
            eventId: example.id,
            name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}`,
            email,
            emailNormalised: email,
            status: "going",
            confirmedAt,
            queueSeq: n,
            reminderSentAt: now,
            followUpSentAt: now,
            createdAt: confirmedAt,
            updatedAt: confirmedAt,
          };
        }),
      });
    });
  }
  return added;
}

/**
 * Removes the example events with their RSVPs; a pledge made at one stays,
 * no longer the event's (the database sets its event to none). Returns how
 * many it removed.
 */
export async function removeExampleEvents() {
  const { count } = await prisma.event.deleteMany({ where: { isExample: true } });
  return count;
}
