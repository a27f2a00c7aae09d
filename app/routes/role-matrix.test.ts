/**
 * Every protected route, called with every role and with none: the roles it
 * is for get the page; anyone else signed in gets 403; no one signed in is
 * sent to sign in. Never data to the wrong role.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { createCommitment, createOrganisation, request, signedIn } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { settle } from "../../tests/helpers";
import { prisma } from "~/utils/db.server";
import * as account from "./account._index";
import * as twoFactor from "./login.two-factor";
import * as twoFactorSetup from "./account.two-factor.setup";
import * as twoFactorManage from "./account.two-factor._index";
import * as accountNews from "./account.news";
import * as adminAnnouncement from "./admin.announcements.$id";
import * as adminAnnouncements from "./admin.announcements._index";
import * as adminAnnouncementNew from "./admin.announcements.new";
import * as adminAudit from "./admin.audit";
import * as adminExportFile from "./admin.exports.$name[.csv]";
import * as adminExports from "./admin.exports._index";
import * as adminHelp from "./admin.help";
import * as adminModeration from "./admin.moderation._index";
import * as adminModerationWords from "./admin.moderation.words";
import * as adminPeople from "./admin.people";
import * as adminPeopleTwoFactor from "./admin.people.two-factor";
import * as admin from "./admin._index";
import * as adminCampaign from "./admin.campaigns.$id";
import * as adminCampaigns from "./admin.campaigns._index";
import * as adminCampaignNew from "./admin.campaigns.new";
import * as adminEmails from "./admin.emails";
import * as adminOrganisations from "./admin.organisations";
import * as eventAttendees from "./events.$id.attendees[.csv]";
import * as eventEdit from "./events.$id.edit";
import * as eventKiosk from "./events.$id.kiosk";
import * as eventManage from "./events.$id.manage";
import * as eventNew from "./events.new";
import * as invitation from "./invitations.$token";
import * as commitmentNew from "./organisations.$slug.commitments.new";
import * as progress from "./organisations.$slug.commitments.$id.progress";
import * as manage from "./organisations.$slug.manage";
import * as register from "./organisations.new";

type Role = "anonymous" | "resident" | "owner" | "editor" | "otherOwner" | "moderator" | "admin";
const ROLES: Role[] = ["anonymous", "resident", "owner", "editor", "otherOwner", "moderator", "admin"];
const cookies = {} as Record<Role, string | undefined>;
let commitmentId = "";
let campaignId = "";
let eventId = "";
let announcementId = "";

beforeAll(async () => {
  const org = await createOrganisation("matrix-org");
  const other = await createOrganisation("other-org");
  for (const role of ROLES.filter((r) => r !== "anonymous")) {
    const global = role === "admin" ? "admin" : role === "moderator" ? "moderator" : "resident";
    const { user, cookie } = await signedIn(`${role}@example.org`, global);
    cookies[role] = cookie;
    if (role === "owner")
      await prisma.membership.create({ data: { userId: user.id, organisationId: org.id, role: "owner" } });
    if (role === "editor")
      await prisma.membership.create({ data: { userId: user.id, organisationId: org.id, role: "editor" } });
    if (role === "otherOwner")
      await prisma.membership.create({ data: { userId: user.id, organisationId: other.id, role: "owner" } });
  }
  commitmentId = randomUUID();
  await createCommitment(org.id, { id: commitmentId });
  campaignId = (await createCampaign({ slug: "matrix-campaign", status: "draft", publishedAt: null })).id;
  // A published event of matrix-org's, on now, so the kiosk is open to those who may run it.
  const startsAt = new Date(Date.now() - 30 * 60 * 1000);
  eventId = (
    await createEvent({ organisationId: org.id, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3600_000) })
  ).id;
  announcementId = (
    await prisma.announcement.create({
      data: { id: randomUUID(), subject: "Matrix news", body: "News for the matrix." },
    })
  ).id;
});

type Call = { name: string; allowed: Role[]; call: (cookie?: string) => Promise<unknown> };
const args = (path: string, cookie?: string, form?: Record<string, string>, params: Record<string, string> = {}) => ({
  request: request(path, cookie, form),
  params,
  context: { clientIp: "203.0.113.9" },
});
const signedInRoles: Role[] = ["resident", "owner", "editor", "otherOwner", "moderator", "admin"];
const orgRoles: Role[] = ["owner", "editor", "admin"];
const slug = { slug: "matrix-org" };
// Events are made by admins and by owners and editors of a verified organisation (other-org is one too).
const eventMakers: Role[] = ["owner", "editor", "otherOwner", "admin"];
const eventPage =
  (
    path: string,
    method: "loader" | "action",
    route: typeof eventEdit | typeof eventManage | typeof eventKiosk,
    form?: Record<string, string>,
  ) =>
  (c?: string) => {
    const url = `/events/${eventId}${path}`;
    return method === "loader"
      ? route.loader(args(url, c, undefined, { id: eventId }))
      : route.action(args(url, c, form, { id: eventId }));
  };

const calls: Call[] = [
  { name: "GET /account", allowed: signedInRoles, call: (c) => account.loader(args("/account", c)) },
  {
    name: "POST /account",
    allowed: signedInRoles,
    call: (c) => account.action(args("/account", c, { intent: "done", pledgeId: randomUUID() })),
  },
  {
    name: "GET /organisations/new",
    allowed: signedInRoles,
    call: (c) => register.loader(args("/organisations/new", c)),
  },
  {
    name: "POST /organisations/new (invalid)",
    allowed: signedInRoles,
    call: (c) => register.action(args("/organisations/new", c, { name: "" })),
  },
  {
    name: "GET manage",
    allowed: orgRoles,
    call: (c) => manage.loader(args("/organisations/matrix-org/manage", c, undefined, slug)),
  },
  {
    name: "POST manage: invite",
    allowed: ["owner", "admin"],
    call: (c) =>
      manage.action(args("/organisations/matrix-org/manage", c, { intent: "invite", email: "new@example.org" }, slug)),
  },
  {
    name: "GET new commitment",
    allowed: orgRoles,
    call: (c) => commitmentNew.loader(args("/organisations/matrix-org/commitments/new", c, undefined, slug)),
  },
  {
    name: "POST new commitment (invalid)",
    allowed: orgRoles,
    call: (c) => commitmentNew.action(args("/organisations/matrix-org/commitments/new", c, { title: "" }, slug)),
  },
  {
    name: "GET progress",
    allowed: orgRoles,
    call: (c) =>
      progress.loader(
        args(`/organisations/matrix-org/commitments/${commitmentId}/progress`, c, undefined, {
          ...slug,
          id: commitmentId,
        }),
      ),
  },
  {
    name: "POST progress (invalid)",
    allowed: orgRoles,
    call: (c) =>
      progress.action(
        args(
          `/organisations/matrix-org/commitments/${commitmentId}/progress`,
          c,
          { story: "" },
          { ...slug, id: commitmentId },
        ),
      ),
  },
  { name: "GET /admin", allowed: ["moderator", "admin"], call: (c) => admin.loader(args("/admin", c)) },
  {
    name: "GET /admin/organisations",
    allowed: ["admin"],
    call: (c) => adminOrganisations.loader(args("/admin/organisations", c)),
  },
  { name: "GET /admin/emails", allowed: ["admin"], call: (c) => adminEmails.loader(args("/admin/emails", c)) },
  {
    name: "POST /admin/organisations (invalid)",
    allowed: ["admin"],
    call: (c) => adminOrganisations.action(args("/admin/organisations", c, { decision: "reject" })),
  },
  {
    name: "GET /admin/campaigns",
    allowed: ["admin"],
    call: (c) => adminCampaigns.loader(args("/admin/campaigns", c)),
  },
  {
    name: "GET /admin/campaigns/new",
    allowed: ["admin"],
    call: (c) => adminCampaignNew.loader(args("/admin/campaigns/new", c)),
  },
  {
    name: "POST /admin/campaigns/new (invalid)",
    allowed: ["admin"],
    call: (c) => adminCampaignNew.action(args("/admin/campaigns/new", c, { name: "" })),
  },
  {
    name: "GET /admin/campaigns/:id (a draft)",
    allowed: ["admin"],
    call: (c) => adminCampaign.loader(args(`/admin/campaigns/${campaignId}`, c, undefined, { id: campaignId })),
  },
  {
    name: "POST /admin/campaigns/:id (invalid)",
    allowed: ["admin"],
    call: (c) =>
      adminCampaign.action(args(`/admin/campaigns/${campaignId}`, c, { intent: "save", name: "" }, { id: campaignId })),
  },
  {
    name: "POST /admin/campaigns/:id: back to draft",
    allowed: ["admin"],
    call: (c) =>
      adminCampaign.action(args(`/admin/campaigns/${campaignId}`, c, { intent: "draft" }, { id: campaignId })),
  },
  { name: "GET /events/new", allowed: eventMakers, call: (c) => eventNew.loader(args("/events/new", c)) },
  {
    name: "POST /events/new (invalid)",
    allowed: eventMakers,
    call: (c) => eventNew.action(args("/events/new", c, { title: "" })),
  },
  { name: "GET /events/:id/edit", allowed: orgRoles, call: eventPage("/edit", "loader", eventEdit) },
  {
    name: "POST /events/:id/edit (invalid)",
    allowed: orgRoles,
    call: eventPage("/edit", "action", eventEdit, { title: "" }),
  },
  { name: "GET /events/:id/manage", allowed: orgRoles, call: eventPage("/manage", "loader", eventManage) },
  {
    name: "POST /events/:id/manage (invalid)",
    allowed: orgRoles,
    call: eventPage("/manage", "action", eventManage, { intent: "nonsense" }),
  },
  {
    name: "GET /events/:id/attendees.csv",
    allowed: orgRoles,
    call: (c) => eventAttendees.loader(args(`/events/${eventId}/attendees.csv`, c, undefined, { id: eventId })),
  },
  { name: "GET /events/:id/kiosk", allowed: orgRoles, call: eventPage("/kiosk", "loader", eventKiosk) },
  {
    name: "POST /events/:id/kiosk (invalid)",
    allowed: orgRoles,
    call: eventPage("/kiosk", "action", eventKiosk, { name: "" }),
  },
  {
    name: "GET /invitations/:token",
    allowed: signedInRoles,
    call: (c) => invitation.loader(args("/invitations/nope", c, undefined, { token: "nope" })),
  },
  // The Alliance's desk (issue 12).
  {
    name: "GET /admin/moderation",
    allowed: ["moderator", "admin"],
    call: (c) => adminModeration.loader(args("/admin/moderation", c)),
  },
  {
    name: "POST /admin/moderation (invalid: hide without a reason)",
    allowed: ["moderator", "admin"],
    call: (c) => adminModeration.action(args("/admin/moderation", c, { intent: "hide", entryId: "1" })),
  },
  {
    name: "GET /admin/moderation/words",
    allowed: ["moderator", "admin"],
    call: (c) => adminModerationWords.loader(args("/admin/moderation/words", c)),
  },
  {
    name: "POST /admin/moderation/words (invalid)",
    allowed: ["admin"],
    call: (c) => adminModerationWords.action(args("/admin/moderation/words", c, { intent: "add", word: "" })),
  },
  { name: "GET /admin/help", allowed: ["moderator", "admin"], call: (c) => adminHelp.loader(args("/admin/help", c)) },
  {
    name: "POST /admin/help (invalid)",
    allowed: ["moderator", "admin"],
    call: (c) => adminHelp.action(args("/admin/help", c, { intent: "closed" })),
  },
  {
    name: "GET /admin/announcements",
    allowed: ["admin"],
    call: (c) => adminAnnouncements.loader(args("/admin/announcements", c)),
  },
  {
    name: "GET /admin/announcements/new",
    allowed: ["admin"],
    call: (c) => adminAnnouncementNew.loader(args("/admin/announcements/new", c)),
  },
  {
    name: "POST /admin/announcements/new (invalid)",
    allowed: ["admin"],
    call: (c) => adminAnnouncementNew.action(args("/admin/announcements/new", c, { subject: "" })),
  },
  {
    name: "GET /admin/announcements/:id",
    allowed: ["admin"],
    call: (c) =>
      adminAnnouncement.loader(args(`/admin/announcements/${announcementId}`, c, undefined, { id: announcementId })),
  },
  {
    name: "POST /admin/announcements/:id: send now (asks to confirm)",
    allowed: ["admin"],
    call: (c) =>
      adminAnnouncement.action(
        args(`/admin/announcements/${announcementId}`, c, { intent: "send", when: "now" }, { id: announcementId }),
      ),
  },
  {
    name: "POST /admin/announcements/:id: send a test",
    allowed: ["admin"],
    call: (c) =>
      adminAnnouncement.action(
        args(`/admin/announcements/${announcementId}`, c, { intent: "test" }, { id: announcementId }),
      ),
  },
  {
    name: "POST /admin/announcements/:id: cancel",
    allowed: ["admin"],
    call: (c) =>
      adminAnnouncement.action(
        args(`/admin/announcements/${announcementId}`, c, { intent: "cancel" }, { id: announcementId }),
      ),
  },
  { name: "GET /account/news", allowed: signedInRoles, call: (c) => accountNews.loader(args("/account/news", c)) },
  {
    name: "POST /account/news",
    allowed: signedInRoles,
    call: (c) => accountNews.action(args("/account/news", c, { newsConsent: "on" })),
  },
  {
    name: "GET /admin/exports",
    allowed: ["moderator", "admin"],
    call: (c) => adminExports.loader(args("/admin/exports", c)),
  },
  ...(
    ["pledges-by-day", "pledges-by-ward", "pledges-by-quality", "pledges-by-sector", "pledges-by-campaign"] as const
  ).map((name): Call => ({
    name: `GET /admin/exports/${name}.csv`,
    allowed: ["moderator", "admin"],
    call: (c) => adminExportFile.loader(args(`/admin/exports/${name}.csv`, c, undefined, { name })),
  })),
  ...(["news-pledgers", "event-attendees", "organisation-contacts"] as const).map((name): Call => ({
    name: `GET /admin/exports/${name}.csv`,
    allowed: ["admin"],
    call: (c) => adminExportFile.loader(args(`/admin/exports/${name}.csv`, c, undefined, { name })),
  })),
  {
    name: "GET /admin/exports/news-pledgers.csv (bad filter)",
    allowed: ["admin"],
    call: (c) =>
      adminExportFile.loader(
        args("/admin/exports/news-pledgers.csv?ward=nowhere", c, undefined, { name: "news-pledgers" }),
      ),
  },
  { name: "GET /admin/audit", allowed: ["admin"], call: (c) => adminAudit.loader(args("/admin/audit", c)) },
  {
    name: "GET /admin/audit (a bad filter)",
    allowed: ["admin"],
    call: (c) => adminAudit.loader(args("/admin/audit?from=nonsense", c)),
  },
  { name: "GET /admin/people", allowed: ["admin"], call: (c) => adminPeople.loader(args("/admin/people", c)) },
  {
    name: "POST /admin/people (invalid)",
    allowed: ["admin"],
    call: (c) => adminPeople.action(args("/admin/people", c, { email: "", role: "admin" })),
  },
  {
    name: "POST /admin/people: make a moderator",
    allowed: ["admin"],
    call: (c) =>
      adminPeople.action(args("/admin/people", c, { email: "matrix-volunteer@example.org", role: "moderator" })),
  },
  {
    name: "GET /login/two-factor",
    allowed: signedInRoles,
    call: (c) => twoFactor.loader(args("/login/two-factor", c)),
  },
  {
    name: "POST /login/two-factor (invalid)",
    allowed: signedInRoles,
    call: (c) => twoFactor.action(args("/login/two-factor", c, { code: "" })),
  },
  {
    name: "GET /account/two-factor/setup",
    allowed: signedInRoles,
    call: (c) => twoFactorSetup.loader(args("/account/two-factor/setup", c)),
  },
  {
    name: "POST /account/two-factor/setup (invalid)",
    allowed: signedInRoles,
    call: (c) => twoFactorSetup.action(args("/account/two-factor/setup", c, { code: "" })),
  },
  {
    name: "GET /account/two-factor",
    allowed: signedInRoles,
    call: (c) => twoFactorManage.loader(args("/account/two-factor", c)),
  },
  {
    name: "POST /account/two-factor (invalid)",
    allowed: ["moderator", "admin"],
    call: (c) => twoFactorManage.action(args("/account/two-factor", c, { intent: "recovery-codes", code: "" })),
  },
  {
    name: "POST /admin/people/two-factor (invalid)",
    allowed: ["admin"],
    call: (c) => adminPeopleTwoFactor.action(args("/admin/people/two-factor", c, { email: "" })),
  },
];

/** What the role got: "data" (the page), or the status of the response it was refused with. */
function outcome(result: unknown) {
  if (!(result instanceof Response)) {
    const init = (result as { init?: { status?: number } } | null)?.init;
    return init?.status && init.status >= 400 ? `status ${init.status}` : "data";
  }
  if (result.status === 302 && result.headers.get("Location")?.startsWith("/login")) return "sign in";
  return `status ${result.status}`;
}

// POSTs with invalid input show the role check comes first: a permitted role
// gets as far as validation (400) or the action; no one else gets that far.
describe.each(calls)("$name", ({ allowed, call }) => {
  test.each(ROLES)("as %s", async (role) => {
    const got = outcome(await settle(() => call(cookies[role])));
    if (role === "anonymous") expect(got).toBe("sign in");
    else if (allowed.includes(role)) expect(got).not.toMatch(/^(sign in|status 403)$/);
    else expect(got).toBe("status 403");
  });
});

test("a pending organisation's profile is hidden from everyone but its members and admins", async () => {
  const pending = await createOrganisation("pending-org", "pending");
  const { user, cookie } = await signedIn("pending-owner@example.org");
  await prisma.membership.create({ data: { userId: user.id, organisationId: pending.id, role: "owner" } });
  const profile = await import("./organisations.$slug._index");
  const view = (c?: string) =>
    settle(() => profile.loader(args("/organisations/pending-org", c, undefined, { slug: "pending-org" })));
  expect(((await view()) as Response).status).toBe(404);
  expect(((await view(cookies.resident)) as Response).status).toBe(404);
  expect((await view(cookie)) as object).toHaveProperty("organisation.name", "Org pending-org");
  expect((await view(cookies.admin)) as object).toHaveProperty("organisation.status", "pending");
});

test("the admin's campaign pages answer 404 for an id that is not a campaign, and a refused role changes nothing", async () => {
  const edit = (id: string) =>
    settle(() => adminCampaign.loader(args(`/admin/campaigns/${id}`, cookies.admin, undefined, { id })));
  expect(((await edit("not-a-uuid")) as Response).status).toBe(404);
  expect(((await edit(randomUUID())) as Response).status).toBe(404);
  const post = (id: string) =>
    settle(() => adminCampaign.action(args(`/admin/campaigns/${id}`, cookies.admin, { intent: "publish" }, { id })));
  expect(((await post(randomUUID())) as Response).status).toBe(404);

  const draft = await createCampaign({ status: "draft", publishedAt: null });
  const publish = (c?: string) =>
    settle(() =>
      adminCampaign.action(args(`/admin/campaigns/${draft.id}`, c, { intent: "publish" }, { id: draft.id })),
    );
  for (const role of ROLES.filter((r) => r !== "admin")) await publish(cookies[role]);
  expect((await prisma.campaign.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("draft");
  expect(((await publish(cookies.admin)) as Response).status).toBe(302);
  expect((await prisma.campaign.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("published");
});
