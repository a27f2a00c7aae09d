/**
 * Property-based hostile input for every public form action and API handler:
 * thousands of generated bodies (odd field names and huge bracket indexes, NUL
 * and control characters, long and odd Unicode strings, wrong or missing
 * content types, JSON, broken multipart, out-of-range dates, bad percent
 * escapes, over-size bodies). Whatever arrives:
 *  - the answer is never a 5xx (an error that is not a Response is a 500);
 *  - nothing unvalidated is stored (checked on the rows afterwards);
 *  - a user's text comes back only as data for React to escape, never inside
 *    a raw Response body or as HTML.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { preferencesUrl, unsubscribeUrl } from "~/models/email-preferences.server";
import { checkInUrl } from "~/models/nudge.server";
import { confirmPledge } from "~/models/pledge-confirmation.server";
import { QUALITY_KEYS } from "~/reference/qualities";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { createCommitment, createOrganisation, signedIn } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { confirmTokenFor, freshIp, validPledge } from "../../tests/helpers";
import { loader as tallyLoader } from "./api.tally";
import { action as accountAction } from "./account._index";
import { action as campaignEditAction } from "./admin.campaigns.$id";
import { action as campaignNewAction } from "./admin.campaigns.new";
import { action as reviewAction } from "./admin.organisations";
import { action as checkInAction } from "./check-in.$token";
import { action as eventEditAction } from "./events.$id.edit";
import { action as kioskAction } from "./events.$id.kiosk";
import { action as eventManageAction } from "./events.$id.manage";
import { action as rsvpAction } from "./events.$id.rsvp";
import { action as eventNewAction } from "./events.new";
import { action as confirmAction, loader as confirmLoader } from "./confirm.$token";
import { action as invitationAction } from "./invitations.$token";
import { action as loginLinkAction } from "./login.$token";
import { action as loginAction, loader as loginLoader } from "./login._index";
import { action as logoutAction } from "./logout";
import { action as manageAction } from "./organisations.$slug.manage";
import { action as contactConfirmAction } from "./organisations.confirm.$token";
import { action as progressAction } from "./organisations.$slug.commitments.$id.progress";
import { action as commitmentAction } from "./organisations.$slug.commitments.new";
import { action as registerAction } from "./organisations.new";
import { action as pledgeAction } from "./pledge._index";
import { action as resendAction } from "./pledge.resend";
import { loader as wallLoader } from "./pledges._index";
import { action as preferencesAction } from "./preferences.$token";
import { action as rsvpConfirmAction } from "./rsvps.confirm.$token";
import { action as rsvpManageAction } from "./rsvps.manage.$token";
import { action as unsubscribeAction } from "./unsubscribe.$token";
import { action as webhookAction } from "./webhooks.resend";
import { action as helpAction, loader as helpLoader } from "./admin.help";
import { action as peopleAction } from "./admin.people";
import { action as accountNewsAction } from "./account.news";
import { action as announcementAction } from "./admin.announcements.$id";
import { action as announcementNewAction } from "./admin.announcements.new";
import { action as reportAction } from "./report.$kind.$id";
import { action as moderationAction } from "./admin.moderation._index";
import { action as moderationWordsAction } from "./admin.moderation.words";
import { action as twoFactorAction } from "./login.two-factor";
import { action as twoFactorSetupAction } from "./account.two-factor.setup";
import { action as twoFactorManageAction } from "./account.two-factor._index";
import { normaliseListedWord } from "~/models/moderation";

const RUNS = Number(process.env.HOSTILE_RUNS ?? 250);
const MARKUP = '<img src=x onerror="alert(1)">';
const WEBHOOK_SECRET = `whsec_${Buffer.from("hostile-input-test-secret-32byte").toString("base64")}`;

const saved = { ...process.env };
beforeAll(() => {
  // Limits would turn most requests into 429s and hide what the forms do.
  process.env.RATE_LIMIT_PLEDGE = "1000000";
  process.env.RATE_LIMIT_RESEND = "1000000";
  process.env.RATE_LIMIT_LOGIN = "1000000";
  process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
  resetEnvCache();
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
});

// ---- what hostile input looks like -------------------------------------------------------------

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        "\u0000",
        "\u0001",
        "\u001f",
        "\u007f",
        "\u0085",
        "\u2028",
        "\u202e",
        "\ufeff",
        "\u3000",
        "\r",
        "\n",
        "\t",
        "\\",
        "%",
        "&",
        "=",
        "+",
      ),
      maxLength: 20,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "\u0000",
      "Jane\u0000Smith",
      "+275760-09-13",
      "-271821-04-20",
      "2100-12-31",
      "2101-01-01",
      "0000-00-00",
      "9999-99-99",
      "%FF%FE",
      "%",
      "%00",
      "\ud800",
      MARKUP,
      "</script><script>alert(1)</script>",
      "javascript:alert(1)",
      "/\t/example.org",
      "//example.org",
      "NaN",
      "Infinity",
      "1e309",
      "-0",
      "999999999999999999999",
      "__proto__",
      "constructor",
      "{}",
      "[]",
      '{"type":"update","payload":{"name":"qualities","index":999999999}}',
      "x".repeat(300),
      "I will ".repeat(60),
      "y".repeat(70_000),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ...QUALITY_KEYS,
      "own",
      "values-respect",
      "initial",
      "full",
      "on",
      "done",
      "change",
      "going",
    ),
  },
);

const hostileName = (given: string[], known = given.length ? given : ["x"]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...known, "x", "a[0]"),
          fc.oneof(fc.nat(200), fc.constant(999_999_999), fc.constant(10_000_000), fc.constant(4_294_967_295)),
        )
        .map(([n, i]) => `${n}[${i}]`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "__intent__",
        "__state__",
        "__proto__",
        "constructor",
        "a.b.c",
        "a[]",
        "a[][0]",
        "[",
        "]",
        "a[x]",
        "a..b",
        "",
        "n".repeat(101),
        "q\u0000",
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  );

/** Fields for a form: usually the valid ones with some replaced or added, sometimes only noise. */
function fieldsFor(valid: Record<string, string | string[]>) {
  const known = Object.keys(valid);
  const extra = fc.array(fc.tuple(hostileName(known), hostileText), { maxLength: 8 });
  const noise = fc.array(fc.tuple(hostileName(known), hostileText), { maxLength: 120 });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: extra.map((pairs) => [
        ...Object.entries(valid).flatMap(([k, v]) => [v].flat().map((x) => [k, x] as [string, string])),
        ...pairs,
      ]),
    },
    {
      weight: 3,
      arbitrary: extra.map((pairs) => {
        // Replace valid values rather than add to them, so the hostile value is the one validated.
        const replaced = new Map(pairs);
        return [
          ...Object.entries(valid)
            .filter(([k]) => !replaced.has(k))
            .flatMap(([k, v]) => [v].flat().map((x) => [k, x] as [string, string])),
          ...pairs,
        ];
      }),
    },
    { weight: 2, arbitrary: noise },
  );
}

type Body = { body: BodyInit | null; contentType: string | null; label: string };

function encodeUrl(pairs: [string, string][]) {
  const params = new URLSearchParams();
  for (const [k, v] of pairs) params.append(k, v);
  return params.toString();
}

/** A request body in one of the shapes a client (or an attacker) might send. */
function bodyFor(valid: Record<string, string | string[]>): fc.Arbitrary<Body> {
  const fields = fieldsFor(valid);
  const form = "application/x-www-form-urlencoded";
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fields.map((pairs): Body => ({ body: encodeUrl(pairs), contentType: form, label: "urlencoded" })),
    },
    {
      weight: 2,
      arbitrary: fields.map((pairs): Body => {
        const data = new FormData();
        for (const [k, v] of pairs) data.append(k, v);
        return { body: data, contentType: null, label: "multipart" };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({
          unit: fc.constantFrom("%", "F", "0", "&", "=", "+", "[", "]", "9", "a", "\u0000", "é"),
          maxLength: 200,
        })
        .map((raw): Body => ({ body: raw, contentType: form, label: "raw urlencoded" })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 200 }),
          fc.constantFrom("multipart/form-data; boundary=xyz", "multipart/form-data", "multipart/form-data; boundary="),
        )
        .map(([raw, type]): Body => ({
          body: `--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n${raw}`,
          contentType: type,
          label: "broken multipart",
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.jsonValue({ maxDepth: 3 }),
          fc.constantFrom("application/json", "text/plain", "text/html", "application/xml", form),
        )
        .map(([value, type]): Body => ({
          body: JSON.stringify(value) ?? "null",
          contentType: type,
          label: `json as ${type}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fields.map((pairs): Body => ({
        body: new TextEncoder().encode(encodeUrl(pairs)),
        contentType: null,
        label: "no content type",
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Body>(
        { body: `name=${"a".repeat(70_000)}`, contentType: form, label: "over 64 KiB" },
        { body: null, contentType: form, label: "no body" },
      ),
    },
  );
}

function post(path: string, { body, contentType }: Body, cookie?: string) {
  const headers = new Headers();
  if (contentType) headers.set("Content-Type", contentType);
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`http://localhost:3000${path}`, { method: "POST", body, headers });
}

// ---- what must hold for every answer -----------------------------------------------------------

/** Runs a handler and returns its status and any raw body, failing on a 5xx or an error that is not a Response. */
async function answer(run: () => Promise<unknown>): Promise<{ status: number; text: string | null; result: unknown }> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw new Error(`a 500: ${String((thrown as Error)?.stack ?? thrown)}`);
    result = thrown;
  }
  if (result instanceof Response) {
    const text = result.body ? await result.text() : null;
    return { status: result.status, text, result };
  }
  const status = (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
  return { status, text: null, result };
}

async function expectSafe(run: () => Promise<unknown>) {
  const { status, text, result } = await answer(run);
  expect(status, "never a 5xx").toBeLessThan(500);
  if (result instanceof Response) {
    // Raw bodies are our own sentences or JSON: never the visitor's markup, never HTML.
    expect(result.headers.get("Content-Type") ?? "").not.toMatch(/html/i);
    if (text) expect(text).not.toContain("<img");
  }
}

// ---- the stored rows afterwards ----------------------------------------------------------------

const NUL = "\u0000";

async function expectOnlyValidRowsStored() {
  for (const p of await prisma.pledge.findMany())
    for (const check of [
      [p.name, p.email, p.postcode, p.commitment].every((s) => !s.includes(NUL)),
      p.name.trim().length >= 1 && p.name.length <= 100,
      p.email.length <= 254 && p.email.includes("@"),
      p.qualities.length >= 1 && p.qualities.every((q) => (QUALITY_KEYS as readonly string[]).includes(q)),
      p.commitment.length >= 10 && p.commitment.length <= 280,
      ["full", "initial", "anonymous"].includes(p.nameDisplay),
      p.targetDate === null || p.targetDate <= new Date("2100-12-31T00:00:00Z"),
    ])
      expect(check, JSON.stringify(p)).toBe(true);
  for (const o of await prisma.organisation.findMany()) {
    expect([o.name, o.address, o.description, o.website ?? "", o.contactEmail].some((s) => s.includes(NUL))).toBe(
      false,
    );
    expect(o.name.length <= 120 && o.address.length <= 300 && o.description.length <= 600).toBe(true);
  }
  for (const c of await prisma.commitment.findMany()) {
    expect([c.title, c.measure, c.unit ?? ""].some((s) => s.includes(NUL))).toBe(false);
    expect(c.targetDate >= new Date("2000-01-01T00:00:00Z") && c.targetDate <= new Date("2100-12-31T00:00:00Z")).toBe(
      true,
    );
  }
  for (const r of await prisma.progressReport.findMany()) {
    expect(r.story.includes(NUL) || r.story.length > 1000).toBe(false);
    expect(r.reportedOn <= new Date("2100-12-31T00:00:00Z")).toBe(true);
  }
  for (const c of await prisma.checkIn.findMany()) {
    expect(["done", "going", "help", "change"]).toContain(c.choice);
    expect((c.note ?? "").includes(NUL) || (c.note ?? "").length > 500).toBe(false);
  }
  for (const t of await prisma.loginToken.findMany()) {
    const to = t.redirectTo ?? "/account";
    expect(to.length <= 512 && to.startsWith("/") && !to.startsWith("//") && !/[\s\p{Cc}\\]/u.test(to)).toBe(true);
  }
  for (const c of await prisma.campaign.findMany({ include: { partners: { include: { organisation: true } } } })) {
    const within = (d: Date) => d >= new Date("2000-01-01T00:00:00Z") && d <= new Date("2100-12-31T00:00:00Z");
    for (const check of [
      [c.name, c.slug, c.summary, c.body, ...c.suggestions].every((s) => !s.includes(NUL)),
      /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/.test(c.slug),
      c.name.length <= 120 && c.summary.length <= 300 && c.body.length <= 20_000,
      c.qualities.length >= 1 && c.qualities.every((q) => (QUALITY_KEYS as readonly string[]).includes(q)),
      c.wardCodes.every((w) => /^E05\d{6}$/.test(w)),
      c.suggestions.length <= 10 && c.suggestions.every((s) => s.length >= 10 && s.length <= 280),
      c.milestones.length >= 1 && c.milestones.every((m) => Number.isInteger(m) && m >= 1 && m <= 100),
      Number.isInteger(c.target) && c.target >= 1 && c.target <= 1_000_000,
      within(c.startsOn) && within(c.endsOn) && c.endsOn >= c.startsOn,
      [c.conditionalThreshold, c.conditionalDeadline, c.conditionalScope].every((v) => v === null) ||
        (c.conditionalThreshold! >= 2 && ["campaign", "ward"].includes(c.conditionalScope!)),
      c.partners.every((p) => p.organisation.status === "verified"),
    ])
      expect(check, JSON.stringify(c)).toBe(true);
  }
  for (const e of await prisma.event.findMany()) {
    const texts = [e.title, e.description, e.venueName, e.address, e.postcode, e.onlineUrl, e.accessibilityNotes];
    for (const check of [
      texts.every((t) => !(t ?? "").includes(NUL)),
      e.title.length >= 3 && e.title.length <= 120 && e.description.length <= 5000,
      e.endsAt > e.startsAt,
      ["place", "online"].includes(e.mode) && ["draft", "published", "cancelled"].includes(e.status),
      e.mode === "online" ? (e.onlineUrl ?? "").startsWith("https://") : /^E05\d{6}$/.test(e.wardCode ?? ""),
      e.capacity === null || (Number.isInteger(e.capacity) && e.capacity >= 1 && e.capacity <= 10_000),
    ])
      expect(check, JSON.stringify(e)).toBe(true);
  }
  for (const r of await prisma.rsvp.findMany()) {
    expect(r.name.trim().length >= 1 && r.name.length <= 100 && !r.name.includes(NUL), JSON.stringify(r)).toBe(true);
    expect(r.email.length <= 254 && r.email.includes("@") && !r.email.includes(NUL)).toBe(true);
    expect(["pending", "going", "offered", "waiting", "cancelled"]).toContain(r.status);
  }
  for (const r of await prisma.confirmationResendRequest.findMany())
    expect(r.email.length <= 254 && !r.email.includes(NUL)).toBe(true);
  for (const h of await prisma.helpRequest.findMany()) {
    expect(["new", "contacted", "closed"]).toContain(h.status);
    expect((h.staffNote ?? "").includes(NUL) || (h.staffNote ?? "").length > 1000, JSON.stringify(h)).toBe(false);
  }
  for (const r of await prisma.moderationReport.findMany())
    expect(
      !r.reason.includes(NUL) && r.reason.length <= 600 && ["open", "dismissed", "upheld"].includes(r.status),
      r.reason,
    ).toBe(true);
  for (const r of await prisma.moderationReport.findMany({ where: { contactEmail: { not: null } } }))
    expect(r.contactEmail!.length <= 254 && r.contactEmail!.includes("@") && !r.contactEmail!.includes(NUL)).toBe(true);
  for (const m of await prisma.moderationItem.findMany())
    expect((m.hiddenReason ?? "").length <= 500 && !(m.hiddenReason ?? "").includes(NUL), m.hiddenReason ?? "").toBe(
      true,
    );
  for (const w of await prisma.moderationWord.findMany())
    expect(
      w.word.length >= 1 && w.word.length <= 60 && !w.word.includes(NUL) && w.word === normaliseListedWord(w.word),
      w.word,
    ).toBe(true);
  for (const a of await prisma.announcement.findMany())
    expect(
      a.subject.length <= 150 &&
        a.body.length <= 10_000 &&
        !`${a.subject}${a.body}`.includes(NUL) &&
        ["draft", "scheduled", "sending", "sent", "cancelled"].includes(a.status),
      a.subject,
    ).toBe(true);
}

// ---- fixtures: a confirmed pledge, tokens, a signed-in organisation owner ---------------------

let cookie = "";
let adminCookie = "";
let leavingCookie = "";
// Known before the fixtures exist, because the forms' valid bodies are written before they are made.
const PENDING_ORGANISATION_ID = "0b9d6a4e-1f2c-4d3b-8e5a-6c7d8e9f0a1b";
const PARTNER_ORGANISATION_ID = "3c1e5f7a-9b2d-4e6f-8a1c-3e5f7a9b2d4e";
let campaignId = "";
let checkInToken = "";
let unsubscribeToken = "";
let preferencesToken = "";
let commitmentId = "";
let eventId = "";
let kioskEventId = "";
let reportedEventId = "";
let pendingAdminCookie = "";
let newModeratorCookie = "";
let adminWithAppCookie = "";
const HELP_CHECK_IN_ID = "5e2a7c9d-3b1f-4a6e-9c8d-7f1e2a3b4c5d";
const ANNOUNCEMENT_ID = "5a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const TOTP_KEY = "JBSWY3DPEHPK3PXP";
const slug = "hostile-org";

beforeAll(async () => {
  const fixture = { ...validPledge, email: "fixture@example.org" };
  await pledgeAction({
    request: post("/pledge", {
      body: encodeUrl(Object.entries(fixture) as [string, string][]),
      contentType: "application/x-www-form-urlencoded",
      label: "",
    }),
    params: {},
    context: { clientIp: freshIp() },
  }).catch((r) => r);
  const confirmed = await confirmPledge(await confirmTokenFor(fixture.email));
  if (confirmed.status !== "confirmed") throw new Error("fixture pledge did not confirm");
  checkInToken = new URL(checkInUrl(confirmed.pledgeId, "going")).pathname.split("/").at(-1)!;
  unsubscribeToken = new URL(unsubscribeUrl(fixture.email, "nudges")).pathname.split("/").at(-1)!;
  preferencesToken = new URL(preferencesUrl(fixture.email)).pathname.split("/").at(-1)!;

  const org = await createOrganisation(slug);
  const owner = await signedIn("hostile-owner@example.org");
  cookie = owner.cookie;
  adminCookie = (await signedIn("hostile-admin@example.org", "admin")).cookie;
  // Signing out ends a session: not the owner's, which the other forms use.
  leavingCookie = (await signedIn("hostile-leaver@example.org")).cookie;
  const pending = await createOrganisation(`${slug}-pending`, "pending");
  await prisma.organisation.update({ where: { id: pending.id }, data: { id: PENDING_ORGANISATION_ID } });
  await prisma.membership.create({ data: { userId: owner.user.id, organisationId: org.id, role: "owner" } });
  commitmentId = (await createCommitment(org.id)).id;
  const partner = await createOrganisation(`${slug}-partner`);
  await prisma.organisation.update({ where: { id: partner.id }, data: { id: PARTNER_ORGANISATION_ID } });
  campaignId = (await createCampaign({ slug: "hostile-campaign", status: "draft", publishedAt: null })).id;
  eventId = (await createEvent({ organisationId: org.id, capacity: 20 })).id;
  // On now, so its kiosk takes pledges.
  const startsAt = new Date(Date.now() - 30 * 60 * 1000);
  kioskEventId = (
    await createEvent({ organisationId: org.id, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3600_000) })
  ).id;
  // The desk: a "Need a hand" to act on, a draft announcement, an event of its own to report (reports hide it).
  await prisma.checkIn.create({ data: { id: HELP_CHECK_IN_ID, pledgeId: confirmed.pledgeId, choice: "help" } });
  await prisma.helpRequest.create({ data: { checkInId: HELP_CHECK_IN_ID } });
  await prisma.announcement.create({ data: { id: ANNOUNCEMENT_ID, subject: "Hostile news", body: "News." } });
  reportedEventId = (await createEvent({ organisationId: org.id })).id;
  // The second factor: an admin with an app still to pass it, a moderator still to set one up, an admin past it.
  const waiting = await signedIn("hostile-2fa-pending@example.org", "admin", { secondFactor: "pending" });
  await prisma.user.update({
    where: { id: waiting.user.id },
    data: { totpSecret: TOTP_KEY, totpEnabledAt: new Date() },
  });
  pendingAdminCookie = waiting.cookie;
  newModeratorCookie = (await signedIn("hostile-2fa-new@example.org", "moderator", { secondFactor: "pending" })).cookie;
  const withApp = await signedIn("hostile-2fa-app@example.org", "admin");
  await prisma.user.update({
    where: { id: withApp.user.id },
    data: { totpSecret: TOTP_KEY, totpEnabledAt: new Date() },
  });
  adminWithAppCookie = withApp.cookie;
});

const hostileToken = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom("", ".", "..", "a.b", "%00", "\u0000", "x".repeat(5000)),
);

/** `withCookie`: true for the organisation owner's session, or another session's cookie. */
function actionArgsFor(
  path: string,
  body: Body,
  params: Record<string, string> = {},
  withCookie: boolean | string = false,
): ActionFunctionArgs {
  const sent = withCookie === true ? cookie : withCookie || undefined;
  return { request: post(path, body, sent), params, context: { clientIp: freshIp() } };
}

// ---- the forms ---------------------------------------------------------------------------------

const eventForm = {
  title: "Hostile test litter pick",
  description: "We pick litter along the Crescent together.",
  startsAt: "2030-06-01T10:00",
  endsAt: "2030-06-01T12:00",
  mode: "place",
  venueName: "Ordsall Hall",
  address: "322 Ordsall Lane, Salford",
  postcode: "M5 4WT",
  capacity: "30",
  stepFree: "on",
  contactName: "Sam Organiser",
  contactEmail: "sam@example.org",
};

const campaignForm = {
  name: "Hostile Test Campaign",
  summary: "A campaign the hostile-input test makes.",
  body: "Why it **matters**, in Markdown.",
  startsOn: "2027-06-01",
  endsOn: "2027-08-31",
  target: "500",
  qualities: ["values", "partnerships"],
  wardCodes: ["E05013028"],
  suggestions: "I will pick up litter in my street.\nI will say hello to a neighbour.",
  milestones: "25, 50, 75, 100",
  partners: PARTNER_ORGANISATION_ID,
  conditionalThreshold: "5",
  conditionalDeadline: "2027-07-31",
  conditionalScope: "ward",
};

const forms: { name: string; valid: Record<string, string | string[]>; call: (body: Body) => Promise<unknown> }[] = [
  {
    name: "POST /pledge",
    valid: { ...validPledge, targetDate: "2030-01-01", ownWords: "I will help" },
    call: (b) => pledgeAction(actionArgsFor("/pledge", b)),
  },
  {
    name: "POST /pledge/resend",
    valid: { email: "someone@example.org" },
    call: (b) => resendAction(actionArgsFor("/pledge/resend", b)),
  },
  {
    name: "POST /login",
    valid: { email: "someone@example.org", redirectTo: "/account" },
    call: (b) => loginAction(actionArgsFor("/login", b)),
  },
  {
    name: "POST /organisations/new",
    valid: {
      name: "Hostile Test Org",
      sector: "charity",
      address: "1 Test Street, Salford",
      postcode: "M5 4WT",
      website: "https://example.org",
      contactEmail: "org@example.org",
      description: "We do good things in Salford every day.",
    },
    call: (b) => registerAction(actionArgsFor("/organisations/new", b, {}, true)),
  },
  {
    name: "POST commitments/new",
    valid: {
      quality: "values",
      title: "Pay the real living wage",
      measure: "staff paid it",
      targetKind: "number",
      targetValue: "10",
      unit: "staff",
      targetDate: "2030-01-01",
    },
    call: (b) => commitmentAction(actionArgsFor(`/organisations/${slug}/commitments/new`, b, { slug }, true)),
  },
  {
    name: "POST commitments/$id/progress",
    valid: { value: "3", story: "We held three meetings this spring.", reportedOn: "2026-01-01" },
    call: (b) =>
      progressAction(
        actionArgsFor(
          `/organisations/${slug}/commitments/${commitmentId}/progress`,
          b,
          { slug, id: commitmentId },
          true,
        ),
      ),
  },
  {
    name: "POST /check-in/$token",
    valid: { choice: "going", note: "Going well", isPublic: "on", newWords: "I will help my neighbours" },
    call: (b) => checkInAction(actionArgsFor(`/check-in/${checkInToken}`, b, { token: checkInToken })),
  },
  {
    name: "POST /unsubscribe/$token",
    valid: { "List-Unsubscribe": "One-Click" },
    call: (b) => unsubscribeAction(actionArgsFor(`/unsubscribe/${unsubscribeToken}`, b, { token: unsubscribeToken })),
  },
  {
    name: "POST /preferences/$token",
    valid: { nudges: "on", digest: "on", news: "on" },
    call: (b) => preferencesAction(actionArgsFor(`/preferences/${preferencesToken}`, b, { token: preferencesToken })),
  },
  {
    name: "POST /confirm/$token",
    valid: {},
    call: (b) => confirmAction(actionArgsFor("/confirm/x", b, { token: "x" })),
  },
  {
    name: "POST /account",
    valid: {
      intent: "edit",
      pledgeId: "6f1c2b0e-8a4d-4c1e-9b7a-2d3e4f5a6b7c",
      commitment: "I will help my neighbours",
    },
    call: (b) => accountAction(actionArgsFor("/account", b, {}, true)),
  },
  {
    name: "POST /organisations/$slug/manage",
    valid: { intent: "invite", email: "new-editor@example.org" },
    call: (b) => manageAction(actionArgsFor(`/organisations/${slug}/manage`, b, { slug }, true)),
  },
  {
    name: "POST /admin/organisations",
    valid: { decision: "reject", organisationId: PENDING_ORGANISATION_ID, reason: "We could not find it in Salford." },
    call: (b) => reviewAction(actionArgsFor("/admin/organisations", b, {}, adminCookie)),
  },
  {
    name: "POST /admin/campaigns/new",
    valid: campaignForm,
    call: (b) => campaignNewAction(actionArgsFor("/admin/campaigns/new", b, {}, adminCookie)),
  },
  {
    name: "POST /admin/campaigns/$id",
    valid: { intent: "save", ...campaignForm, slug: "hostile-campaign" },
    call: (b) =>
      campaignEditAction(actionArgsFor(`/admin/campaigns/${campaignId}`, b, { id: campaignId }, adminCookie)),
  },
  {
    name: "POST /events/$id/rsvp",
    valid: { name: "Ada Neighbour", email: "ada@example.org" },
    call: (b) => rsvpAction(actionArgsFor(`/events/${eventId}/rsvp`, b, { id: eventId })),
  },
  {
    name: "POST /events/new",
    valid: { organisation: "alliance", ...eventForm },
    call: (b) => eventNewAction(actionArgsFor("/events/new", b, {}, adminCookie)),
  },
  {
    name: "POST /events/$id/edit",
    valid: eventForm,
    call: (b) => eventEditAction(actionArgsFor(`/events/${eventId}/edit`, b, { id: eventId }, true)),
  },
  {
    name: "POST /events/$id/manage",
    valid: { intent: "attendance", rsvpId: "6f1c2b0e-8a4d-4c1e-9b7a-2d3e4f5a6b7c", attended: "yes" },
    call: (b) => eventManageAction(actionArgsFor(`/events/${eventId}/manage`, b, { id: eventId }, true)),
  },
  {
    name: "POST /events/$id/kiosk",
    valid: { ...validPledge, email: "kiosk@example.org" },
    call: (b) => kioskAction(actionArgsFor(`/events/${kioskEventId}/kiosk`, b, { id: kioskEventId }, true)),
  },
  {
    name: "POST /logout",
    valid: { everywhere: "1" },
    call: (b) => logoutAction(actionArgsFor("/logout", b, {}, leavingCookie)),
  },
  {
    name: "POST /admin/help",
    valid: { intent: "contacted", checkInId: HELP_CHECK_IN_ID, note: "Rang them: a neighbour will help on Saturday." },
    call: (b) => helpAction(actionArgsFor("/admin/help", b, {}, adminCookie)),
  },
  {
    name: "POST /admin/people",
    valid: { email: "hostile-volunteer@example.org", role: "moderator" },
    call: (b) => peopleAction(actionArgsFor("/admin/people", b, {}, adminCookie)),
  },
  {
    name: "POST /admin/announcements/new",
    valid: { subject: "News from the Alliance", body: "Thank you: **5,000 pledges**.", quality: "values" },
    call: (b) => announcementNewAction(actionArgsFor("/admin/announcements/new", b, {}, adminCookie)),
  },
  {
    name: "POST /admin/announcements/$id",
    valid: { intent: "save", subject: "News from the Alliance", body: "Thank you: **5,000 pledges**." },
    call: (b) =>
      announcementAction(
        actionArgsFor(`/admin/announcements/${ANNOUNCEMENT_ID}`, b, { id: ANNOUNCEMENT_ID }, adminCookie),
      ),
  },
  {
    name: "POST /admin/announcements/$id (send at)",
    valid: { intent: "send", when: "later", sendAt: "2027-06-01T10:00" },
    call: (b) =>
      announcementAction(
        actionArgsFor(`/admin/announcements/${ANNOUNCEMENT_ID}`, b, { id: ANNOUNCEMENT_ID }, adminCookie),
      ),
  },
  {
    name: "POST /account/news",
    valid: { newsConsent: "on" },
    call: (b) => accountNewsAction(actionArgsFor("/account/news", b, {}, true)),
  },
  {
    name: "POST /report/$kind/$id",
    valid: { reason: "other", details: "It names my neighbour.", contactEmail: "someone@example.org" },
    call: (b) =>
      reportAction(actionArgsFor(`/report/event/${reportedEventId}`, b, { kind: "event", id: reportedEventId })),
  },
  {
    name: "POST /admin/moderation",
    valid: { intent: "hide", entryId: "1", reason: "It advertises a business." },
    call: (b) => moderationAction(actionArgsFor("/admin/moderation", b, {}, adminCookie)),
  },
  {
    name: "POST /admin/moderation/words",
    valid: { intent: "add", word: "cheap pills" },
    call: (b) => moderationWordsAction(actionArgsFor("/admin/moderation/words", b, {}, adminCookie)),
  },
  {
    name: "POST /login/two-factor",
    valid: { code: "123456" },
    call: (b) => twoFactorAction(actionArgsFor("/login/two-factor?redirectTo=%2Fadmin", b, {}, pendingAdminCookie)),
  },
  {
    name: "POST /account/two-factor/setup",
    valid: { code: "123456" },
    call: (b) => twoFactorSetupAction(actionArgsFor("/account/two-factor/setup", b, {}, newModeratorCookie)),
  },
  {
    name: "POST /account/two-factor",
    valid: { intent: "recovery-codes", code: "123456" },
    call: (b) => twoFactorManageAction(actionArgsFor("/account/two-factor", b, {}, adminWithAppCookie)),
  },
];

describe.each(forms)("$name", ({ valid, call }) => {
  test("never a 5xx, never markup in a raw answer, only valid rows stored", async () => {
    await fc.assert(
      fc.asyncProperty(bodyFor(valid), async (body) => {
        await expectSafe(() => call(body));
      }),
      { numRuns: RUNS },
    );
    await expectOnlyValidRowsStored();
  });
});

describe("token routes with hostile tokens", () => {
  test("check-in, unsubscribe, preferences, confirm, RSVP, sign-in, contact-confirm and invitation links answer 4xx or a page, never a 5xx", async () => {
    const body: Body = { body: "choice=going", contentType: "application/x-www-form-urlencoded", label: "" };
    await fc.assert(
      fc.asyncProperty(hostileToken, async (token) => {
        const params = { token };
        await expectSafe(() => checkInAction(actionArgsFor("/check-in/x", body, params)));
        await expectSafe(() => unsubscribeAction(actionArgsFor("/unsubscribe/x", body, params)));
        await expectSafe(() => preferencesAction(actionArgsFor("/preferences/x", body, params)));
        await expectSafe(() => confirmAction(actionArgsFor("/confirm/x", body, params)));
        await expectSafe(() => rsvpConfirmAction(actionArgsFor("/rsvps/confirm/x", body, params)));
        await expectSafe(() => rsvpManageAction(actionArgsFor("/rsvps/manage/x", body, params)));
        await expectSafe(() =>
          confirmLoader({
            request: new Request("http://localhost:3000/confirm/x"),
            params,
            context: { clientIp: "x" },
          }),
        );
        await expectSafe(() => loginLinkAction(actionArgsFor("/login/x", body, params)));
        await expectSafe(() => contactConfirmAction(actionArgsFor("/organisations/confirm/x", body, params)));
        await expectSafe(() => invitationAction(actionArgsFor("/invitations/x", body, params, true)));
      }),
      { numRuns: RUNS },
    );
  });
});

// ---- the webhook -------------------------------------------------------------------------------

describe("POST /webhooks/resend", () => {
  const event = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({
      type: fc.constantFrom("email.bounced", "email.complained", "email.delivered", "x"),
      data: fc.record(
        {
          to: fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })),
          bounce: fc.record({ type: hostileText }),
        },
        { requiredKeys: [] },
      ),
    }),
  );
  const payload = fc.oneof(
    { weight: 4, arbitrary: event.map((e) => JSON.stringify(e) ?? "null") },
    { weight: 1, arbitrary: hostileText },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"type":"email.bounced","data":{"to":"a\\u0000@example.org"}}',
        "[".repeat(20_000),
        "{".repeat(5000),
        "x".repeat(300_000),
      ),
    },
  );

  test("signed or not, never a 5xx, and a suppressed address holds no NUL", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.boolean(),
        fc.constantFrom("application/json", "text/plain", ""),
        async (text, signed, type) => {
          n += 1;
          const id = `msg_hostile_${n}_${Math.random().toString(36).slice(2)}`;
          const at = new Date();
          const headers = new Headers({ "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)) });
          headers.set(
            "svix-signature",
            signed ? new Webhook(WEBHOOK_SECRET).sign(id, at, text) : "v1,bm90IGEgc2lnbmF0dXJl",
          );
          if (type) headers.set("Content-Type", type);
          await expectSafe(() =>
            webhookAction({
              request: new Request("http://localhost:3000/webhooks/resend", { method: "POST", body: text, headers }),
              params: {},
              context: { clientIp: "x" },
            }),
          );
        },
      ),
      { numRuns: RUNS },
    );
    for (const s of await prisma.emailSuppression.findMany()) expect(s.emailNormalised.includes(NUL)).toBe(false);
  });
});

// ---- loaders with hostile query strings --------------------------------------------------------

describe("loaders with hostile query strings", () => {
  const query = fc.oneof(
    fc
      .array(fc.tuple(fc.constantFrom("quality", "ward", "page", "redirectTo", "x", "page[999999999]"), hostileText), {
        maxLength: 6,
      })
      .map(encodeUrl),
    fc.string({
      unit: fc.constantFrom("%", "F", "0", "&", "=", "+", "[", "]", "9", "a", "e", "-", "."),
      maxLength: 80,
    }),
  );
  const loaderArgsFor = (path: string, q: string, withCookie = false): LoaderFunctionArgs => ({
    request: new Request(`http://localhost:3000${path}?${q}`, { headers: withCookie ? { Cookie: cookie } : {} }),
    params: {},
    context: { clientIp: "x" },
  });

  test("/admin/help answers any ?status= without a 5xx, and shows only a view it knows", async () => {
    const statusQuery = fc.oneof(
      query,
      hostileText.map((t) => encodeUrl([["status", t]])),
    );
    await fc.assert(
      fc.asyncProperty(statusQuery, async (q) => {
        const queue = await answer(() =>
          helpLoader({
            request: new Request(`http://localhost:3000/admin/help?${q}`, { headers: { Cookie: adminCookie } }),
            params: {},
            context: { clientIp: "x" },
          }),
        );
        expect(queue.status).toBeLessThan(500);
        expect(["open", "new", "contacted", "closed"]).toContain((queue.result as { view: string }).view);
      }),
      { numRuns: RUNS },
    );
  });

  test("/api/tally, /pledges and /login answer without a 5xx, and the wall's data is data", async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const tally = (tallyLoader as unknown as (args: LoaderFunctionArgs) => Promise<Response>)(
          loaderArgsFor("/api/tally", q),
        );
        await expectSafe(() => tally);
        const wall = await answer(() => wallLoader(loaderArgsFor("/pledges", q)));
        expect(wall.status).toBeLessThan(500);
        // The filters the page renders back are only known values, never the query as sent.
        const echoed = wall.result as { quality: string; ward: string; page: number };
        expect(["", ...QUALITY_KEYS]).toContain(echoed.quality);
        expect(echoed.ward).toMatch(/^[a-z0-9-]*$/);
        expect(Number.isInteger(echoed.page) && echoed.page >= 1).toBe(true);
        // Signed in, /login redirects at once; the target must stay on the site.
        const login = await answer(() => loginLoader(loaderArgsFor("/login", q, true)));
        expect(login.status).toBeLessThan(500);
        if (login.result instanceof Response && login.status === 302) {
          const location = login.result.headers.get("Location")!;
          expect(new URL(location, "https://salfordsocialvalue.org.uk").host).toBe("salfordsocialvalue.org.uk");
        }
      }),
      { numRuns: RUNS },
    );
  });
});
