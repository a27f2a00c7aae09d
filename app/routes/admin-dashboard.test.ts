/**
 * The Alliance's desk: /admin's figures and the CSV exports, on a small known
 * dataset in a real database. Who may download what, what each file holds,
 * the fewer-than-5 rule, the audit entry written before the file, and the
 * formula escaping of what people typed.
 */
import { parse } from "csv-parse/sync";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { settle } from "../../tests/helpers";
import { rebuildTally, salfordDay } from "~/models/tally.server";
import { listWards } from "~/models/ward.server";
import { prisma } from "~/utils/db.server";
import * as dashboard from "./admin._index";
import * as exportsPage from "./admin.exports._index";
import * as exportFile from "./admin.exports.$name[.csv]";

const DAY_MS = 86_400_000;
// Noon UTC, so the day is the same in Salford whatever the season.
const noon = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY_MS - daysAgo) * DAY_MS + 12 * 3600_000);
const dayA = noon(2);
const dayB = noon(5);

const cookies = {} as Record<"admin" | "moderator" | "resident", string>;
let adminId = "";
let wardA = { code: "", name: "", slug: "" };
let wardB = { code: "", name: "", slug: "" };
let campaignSlug = "";
let eventOne = "";

type PledgeFields = {
  email: string;
  ward: string;
  qualities?: string[];
  confirmedAt?: Date | null;
  doneAt?: Date | null;
  withdrawnAt?: Date | null;
  newsConsent?: boolean;
  name?: string;
  campaignId?: string | null;
};

let pledgeCount = 0;
function pledge(f: PledgeFields) {
  pledgeCount += 1;
  const commitment = `I will do good thing number ${pledgeCount}.`;
  return {
    id: randomUUID(),
    name: f.name ?? `Pledger ${pledgeCount}`,
    nameDisplay: "initial",
    email: f.email,
    emailNormalised: f.email.toLowerCase(),
    postcode: "M5 4WT",
    wardCode: f.ward,
    qualities: f.qualities ?? ["values"],
    commitment,
    commitmentKey: commitment.toLowerCase(),
    nudgeConsent: false,
    newsConsent: f.newsConsent ?? false,
    confirmedAt: f.confirmedAt === undefined ? dayA : f.confirmedAt,
    doneAt: f.doneAt ?? null,
    withdrawnAt: f.withdrawnAt ?? null,
    campaignId: f.campaignId ?? null,
  };
}

beforeAll(async () => {
  const wards = await listWards();
  wardA = wards.find((w) => w.code === "E05013028")!;
  wardB = wards.find((w) => w.code !== wardA.code)!;
  for (const role of ["admin", "moderator", "resident"] as const) {
    const { user, cookie } = await signedIn(`desk-${role}@example.org`, role);
    cookies[role] = cookie;
    if (role === "admin") adminId = user.id;
  }
  const campaign = await createCampaign({ slug: "desk-campaign" });
  campaignSlug = campaign.slug;
  const done = new Date(dayA.getTime() + 3600_000);
  await prisma.pledge.createMany({
    data: [
      // Ward A: six confirmed (values), two of them kept; one of them made for the campaign.
      pledge({ email: "formula@example.org", ward: wardA.code, name: '=HYPERLINK("http://x")', newsConsent: true }),
      pledge({ email: "suppressed@example.org", ward: wardA.code, newsConsent: true, doneAt: done }),
      pledge({ email: "unsubscribed@example.org", ward: wardA.code, newsConsent: true, doneAt: done }),
      pledge({ email: "twice@example.org", ward: wardA.code, newsConsent: true, name: "Twice Older" }),
      pledge({
        email: "Twice@example.org",
        ward: wardA.code,
        newsConsent: true,
        name: "Twice Newer",
        qualities: ["operations"],
        confirmedAt: new Date(dayA.getTime() + 60_000),
        campaignId: campaign.id,
      }),
      pledge({ email: "quiet@example.org", ward: wardA.code }),
      // Never confirmed.
      pledge({ email: "unconfirmed@example.org", ward: wardA.code, confirmedAt: null, newsConsent: true }),
      // Ward B: two confirmed (delivery and values), one kept; one withdrawn.
      pledge({
        email: "bee@example.org",
        ward: wardB.code,
        qualities: ["delivery", "values"],
        confirmedAt: dayB,
        newsConsent: true,
      }),
      pledge({ email: "bee2@example.org", ward: wardB.code, qualities: ["delivery"], confirmedAt: dayB, doneAt: done }),
      pledge({ email: "gone@example.org", ward: wardB.code, newsConsent: true, withdrawnAt: done, confirmedAt: dayB }),
    ],
  });
  await prisma.emailSuppression.create({ data: { emailNormalised: "suppressed@example.org", reason: "bounce" } });
  await prisma.emailPreference.create({ data: { emailNormalised: "unsubscribed@example.org", category: "news" } });
  await rebuildTally();

  // The queues: one open moderation item (and one closed), one new request for a hand (and one closed).
  const first = await prisma.pledge.findFirstOrThrow({ where: { email: "quiet@example.org" } });
  await prisma.moderationItem.create({ data: { kind: "pledge", itemId: first.id, state: "open" } });
  await prisma.moderationItem.create({ data: { kind: "pledge", itemId: randomUUID(), state: "closed" } });
  for (const status of ["new", "closed"]) {
    const checkIn = await prisma.checkIn.create({ data: { id: randomUUID(), pledgeId: first.id, choice: "help" } });
    await prisma.helpRequest.create({ data: { checkInId: checkIn.id, status } });
  }

  // Email: two sent (one delivered, one bounced), one failed, one queued.
  const message = (status: string, delivery: string | null = null) => ({
    template: "confirm-pledge",
    toAddress: "someone@example.org",
    props: {},
    status,
    delivery,
  });
  await prisma.emailMessage.createMany({
    data: [message("sent", "delivered"), message("sent", "bounced"), message("failed"), message("queued")],
  });

  // Events: the first has a going (attended), a waiting and a pending reply; the second one going.
  const one = await createEvent({ title: "Litter pick one" });
  const two = await createEvent({ title: "Litter pick two", inDays: 14 });
  eventOne = one.id;
  const rsvp = (eventId: string, name: string, status: string, attendedAt: Date | null = null) => ({
    id: randomUUID(),
    eventId,
    name,
    email: `${name.replace(/\W/g, "").toLowerCase()}@example.org`,
    emailNormalised: `${name.replace(/\W/g, "").toLowerCase()}@example.org`,
    status,
    confirmedAt: status === "pending" ? null : dayA,
    attendedAt,
  });
  await prisma.rsvp.createMany({
    data: [
      rsvp(one.id, "Ann Going", "going", dayA),
      rsvp(one.id, "Wally Waiting", "waiting"),
      rsvp(one.id, "Pat Pending", "pending"),
      rsvp(two.id, "Tom Two", "going"),
    ],
  });

  // Organisations: one with an owner and an editor, one without members.
  const org = await createOrganisation("desk-org");
  await createOrganisation("desk-lonely", "pending");
  for (const [email, role] of [
    ["owner@desk.example.org", "owner"],
    ["editor@desk.example.org", "editor"],
  ] as const) {
    const { user } = await signedIn(email);
    await prisma.membership.create({ data: { userId: user.id, organisationId: org.id, role } });
  }
});

const args = (path: string, cookie?: string, params: Record<string, string> = {}) => ({
  request: request(path, cookie),
  params,
  context: { clientIp: "203.0.113.9" },
});

/** Downloads one export as `who`: the Response, or what was thrown (a redirect, a 403). */
function download(name: string, who: keyof typeof cookies | "anonymous", query = "") {
  return settle(() =>
    exportFile.loader(
      args(`/admin/exports/${name}.csv${query}`, who === "anonymous" ? undefined : cookies[who], { name }),
    ),
  ) as Promise<Response>;
}

async function csv(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[\w-]+\.csv"$/);
  return parse(await response.text(), { bom: true }) as string[][];
}

const PERSONAL = ["export.news-pledgers", "export.event-attendees", "export.organisation-contacts"];

const auditEntries = (action: string) => prisma.auditEntry.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("the dashboard", () => {
  test("counts the funnel, the qualities, the queues and email from the data", async () => {
    const data = (await dashboard.loader(args("/admin", cookies.admin))) as Awaited<
      ReturnType<typeof dashboard.loader>
    >;
    const f = data.figures;
    expect(f.funnel).toEqual({ signed: 10, confirmed: 9, kept: 3, withdrawn: 1 });
    expect(f.residents).toBe(8);
    expect(f.kept).toBe(3);
    const quality = Object.fromEntries(f.byQuality.map((q) => [q.key, { made: q.made, kept: q.kept }]));
    expect(quality).toEqual({
      values: { made: 6, kept: 2 },
      delivery: { made: 2, kept: 1 },
      partnerships: { made: 0, kept: 0 },
      operations: { made: 1, kept: 0 },
    });
    expect(data.queues).toEqual({ moderation: 1, help: 1 });
    expect(f.email.byStatus).toMatchObject({ sent: 2, failed: 1, queued: 1 });
    expect(f.email.byDelivery).toMatchObject({ delivered: 1, bounced: 1, complained: 0 });
    // Pledges over time, by the day each began to count; the week sums its days.
    const day = (d: Date) => f.last30.find((p) => p.day === salfordDay(d))?.pledges;
    expect([day(dayA), day(dayB)]).toEqual([6, 2]);
    expect(f.last90.reduce((s, d) => s + d.pledges, 0)).toBe(8);
    expect(f.weekly.reduce((s, w) => s + w.pledges, 0)).toBe(8);
    // Ward B's two pledges are only "fewer than 5", as on every public page.
    const ward = (code: string) => f.byWard.find((w) => w.code === code)!;
    expect(ward(wardA.code)).toMatchObject({ pledges: 6, fewerThan5: false });
    expect(ward(wardB.code)).toMatchObject({ pledges: null, fewerThan5: true });
    expect(f.byCampaign.find((c) => c.slug === campaignSlug)).toMatchObject({ pledges: 1, kept: 0 });
  });

  test("is for admins and moderators; moderators see their desk pages, not the admins'", async () => {
    const moderator = (await dashboard.loader(args("/admin", cookies.moderator))) as Awaited<
      ReturnType<typeof dashboard.loader>
    >;
    expect(moderator.role).toBe("moderator");
    expect(moderator.organisations).toBeNull();
    expect(moderator.queues).toEqual({ moderation: 1, help: 1 });
    const resident = (await settle(() => dashboard.loader(args("/admin", cookies.resident)))) as Response;
    expect(resident.status).toBe(403);
  });
});

describe("the exports page", () => {
  test("lists the lists of people to admins only", async () => {
    const names = async (who: "admin" | "moderator") =>
      (
        (await exportsPage.loader(args("/admin/exports", cookies[who]))) as Awaited<
          ReturnType<typeof exportsPage.loader>
        >
      ).exports.map((e) => e.name);
    expect(await names("admin")).toContain("news-pledgers");
    expect(await names("moderator")).toEqual([
      "pledges-by-day",
      "pledges-by-ward",
      "pledges-by-quality",
      "pledges-by-sector",
      "pledges-by-campaign",
    ]);
  });
});

describe("the aggregate exports", () => {
  test("pledges by day: a row a day in the range, with the pledges that began to count", async () => {
    const from = salfordDay(dayB);
    const to = salfordDay(dayA);
    const rows = await csv(await download("pledges-by-day", "moderator", `?from=${from}&to=${to}`));
    expect(rows[0]).toEqual(["day", "pledges"]);
    expect(rows.length).toBe(1 + 4);
    expect(rows[1]).toEqual([from, "2"]);
    expect(rows.at(-1)).toEqual([to, "6"]);
    // A campaign's own days.
    const campaign = await csv(
      await download("pledges-by-day", "admin", `?from=${to}&to=${to}&campaign=${campaignSlug}`),
    );
    expect(campaign.slice(1)).toEqual([[to, "1"]]);
  });

  test("pledges by ward: fewer than 5 is all a small ward shows", async () => {
    const rows = await csv(await download("pledges-by-ward", "moderator"));
    expect(rows[0]).toEqual(["ward code", "ward", "residents", "pledges", "pledges per 1,000 residents"]);
    expect(rows.length).toBe(1 + (await listWards()).length);
    const a = rows.find((r) => r[0] === wardA.code)!;
    expect(a[3]).toBe("6");
    expect(Number(a[4])).toBeGreaterThan(0);
    expect(rows.find((r) => r[0] === wardB.code)!.slice(3)).toEqual(["fewer than 5", ""]);
    // No cell anywhere holds an exact count below 5.
    for (const row of rows.slice(1)) expect(row[3]).toMatch(/^(fewer than 5|[5-9]|\d{2,})$/);
    // Filtered by quality: five of ward A's six show values.
    const values = await csv(await download("pledges-by-ward", "admin", "?quality=values"));
    expect(values.find((r) => r[0] === wardA.code)![3]).toBe("5");
    const delivery = await csv(await download("pledges-by-ward", "admin", "?quality=delivery"));
    expect(delivery.find((r) => r[0] === wardB.code)![3]).toBe("fewer than 5");
  });

  test("pledges by quality, by sector and by campaign", async () => {
    const quality = await csv(await download("pledges-by-quality", "moderator"));
    expect(quality[0]).toEqual(["quality key", "quality", "resident pledges", "kept", "organisations"]);
    expect(quality.find((r) => r[0] === "values")!.slice(2, 4)).toEqual(["6", "2"]);
    expect(quality.find((r) => r[0] === "delivery")!.slice(2, 4)).toEqual(["2", "1"]);
    const sector = await csv(await download("pledges-by-sector", "moderator"));
    expect(sector[0]).toEqual(["sector key", "sector", "organisations"]);
    expect(sector.length).toBe(1 + 5);
    const campaign = await csv(await download("pledges-by-campaign", "moderator"));
    expect(campaign[0]).toEqual(["campaign", "address", "status", "target", "pledges", "kept", "waiting"]);
    expect(campaign.find((r) => r[1] === campaignSlug)!.slice(2)).toEqual(["published", "100", "1", "0", "0"]);
  });
});

describe("the personal exports", () => {
  test("are refused to moderators and residents, and send the signed-out to sign in", async () => {
    for (const name of ["news-pledgers", "event-attendees", "organisation-contacts"]) {
      expect((await download(name, "moderator")).status, `${name} as moderator`).toBe(403);
      expect((await download(name, "resident")).status, `${name} as resident`).toBe(403);
      const anonymous = await download(name, "anonymous");
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect((await download("pledges-by-ward", "resident")).status).toBe(403);
    // A refusal is not a download: nothing recorded.
    expect(await prisma.auditEntry.count({ where: { actorRole: { not: "admin" }, action: { in: PERSONAL } } })).toBe(0);
  });

  test("pledgers who agreed to news: one row a person, none who withdrew, unsubscribed or bounced; a formula is escaped", async () => {
    const before = (await auditEntries("export.news-pledgers")).length;
    const response = await download("news-pledgers", "admin");
    // On the record before a byte of the file is read.
    const entries = await auditEntries("export.news-pledgers");
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)).toMatchObject({ actorId: adminId, actorRole: "admin", subjectKind: "export" });
    const rows = await csv(response);
    expect(rows[0]).toEqual(["name", "email", "ward", "qualities", "first confirmed"]);
    expect(rows.slice(1).map((r) => r[1])).toEqual(["bee@example.org", "formula@example.org", "Twice@example.org"]);
    expect(rows[2]![0]).toBe('\'=HYPERLINK("http://x")');
    const twice = rows[3]!;
    expect(twice[0]).toBe("Twice Newer");
    expect(twice[2]).toBe(wardA.name);
    expect(twice[3]).toBe("Values and ethos; Internal operations and practice");
    expect(twice[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  test("filtered by ward, campaign and dates; the filter is in the audit entry", async () => {
    const byWard = await csv(await download("news-pledgers", "admin", `?ward=${wardB.slug}`));
    expect(byWard.slice(1).map((r) => r[1])).toEqual(["bee@example.org"]);
    expect((await auditEntries("export.news-pledgers")).at(-1)!.after).toMatchObject({
      export: "news-pledgers",
      filter: { ward: wardB.slug },
    });
    const byCampaign = await csv(await download("news-pledgers", "admin", `?campaign=${campaignSlug}`));
    expect(byCampaign.slice(1).map((r) => r[0])).toEqual(["Twice Newer"]);
    const day = salfordDay(dayB);
    const byDates = await csv(await download("news-pledgers", "admin", `?from=${day}&to=${day}`));
    expect(byDates.slice(1).map((r) => r[1])).toEqual(["bee@example.org"]);
    expect((await auditEntries("export.news-pledgers")).at(-1)!.after).toMatchObject({
      filter: { from: day, to: day },
    });
  });

  test("event attendees: every confirmed reply, or one event's", async () => {
    const before = (await auditEntries("export.event-attendees")).length;
    const all = await csv(await download("event-attendees", "admin"));
    expect(all[0]).toEqual(["event", "starts", "name", "email", "status", "confirmed at", "attended"]);
    expect(
      all
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(["Ann Going", "Tom Two", "Wally Waiting"]);
    const one = await csv(await download("event-attendees", "admin", `?event=${eventOne}`));
    expect(
      one
        .slice(1)
        .map((r) => [r[0], r[2], r[4], r[6]])
        .sort(),
    ).toEqual([
      ["Litter pick one", "Ann Going", "going", "yes"],
      ["Litter pick one", "Wally Waiting", "waiting", "no"],
    ]);
    const entries = await auditEntries("export.event-attendees");
    expect(entries.length).toBe(before + 2);
    expect(entries.at(-1)!.after).toMatchObject({ filter: { event: eventOne } });
  });

  test("organisation contacts: a row a member, one for an organisation without members", async () => {
    const rows = await csv(await download("organisation-contacts", "admin"));
    expect(rows[0]).toEqual([
      "organisation",
      "status",
      "contact email",
      "contact confirmed",
      "member email",
      "member role",
    ]);
    const desk = rows.filter((r) => r[0] === "Org desk-org").map((r) => [r[2], r[4], r[5]]);
    expect(desk.sort()).toEqual([
      ["desk-org@example.org", "editor@desk.example.org", "editor"],
      ["desk-org@example.org", "owner@desk.example.org", "owner"],
    ]);
    expect(rows.filter((r) => r[0] === "Org desk-lonely")).toEqual([
      ["Org desk-lonely", "pending", "desk-lonely@example.org", "no", "", ""],
    ]);
    expect((await auditEntries("export.organisation-contacts")).length).toBe(1);
  });
});

describe("a bad request", () => {
  test.each([
    ["news-pledgers", "?ward=nowhere", /No ward has that name/],
    ["news-pledgers", "?campaign=no-such-campaign", /No campaign has that address/],
    ["news-pledgers", "?from=2026-02-30", /not a real date/],
    ["news-pledgers", "?from=yesterday", /YYYY-MM-DD/],
    ["news-pledgers", "?from=2026-03-02&to=2026-03-01", /after the to date/],
    ["pledges-by-day", "?from=2000-01-01&to=2026-01-01", /ten years/],
    ["pledges-by-ward", "?quality=kindness", /quality is one of/],
    ["event-attendees", "?event=not-an-id", /No event has that id/],
    ["event-attendees", `?event=${randomUUID()}`, /No event has that id/],
    ["organisation-contacts", "?ward=ordsall", /cannot be filtered by “ward”/],
    ["pledges-by-day", "?from=2026-01-01&from=2026-01-02", /once/],
  ])("%s%s is a 400 that says why, and nothing is recorded", async (name, query, message) => {
    const before = await prisma.auditEntry.count();
    const response = await download(name, "admin", query);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(message);
    expect(await prisma.auditEntry.count()).toBe(before);
  });

  test("an unknown export is a 404; blank filters (an empty form field) are no filter", async () => {
    expect((await download("everything", "admin")).status).toBe(404);
    const rows = await csv(await download("news-pledgers", "admin", "?ward=&campaign=&from=&to="));
    expect(rows.length).toBe(1 + 3);
  });
});
