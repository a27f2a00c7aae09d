/**
 * One way into the email queue: a single table says each template's category
 * and priority, and every path that queues email stores what it says.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { expect, test, vi } from "vitest";
import { createOrganisation, signedIn } from "../../tests/accounts";
import {
  actionArgs,
  confirmTokenFor,
  createConfirmedPledge,
  freshIp,
  validPledge,
  TEST_ADMIN,
} from "../../tests/helpers";
import { action as confirmAction } from "~/routes/confirm.$token";
import { action as pledgeAction } from "~/routes/pledge._index";
import { prisma } from "~/utils/db.server";
import { TEMPLATE_NAMES } from "~/utils/email.server";
import { queueOrganisationDigests } from "./digest.server";
import { EMAIL_CATEGORIES } from "./email-preferences.server";
import { EMAIL_QUEUEING, emailQueueing, renderQueuedEmail } from "./email-queue.server";
import { queueDueNudges } from "./nudge.server";
import { inviteEditor, registerOrganisation, reviewOrganisation } from "./organisation.server";
import { requestLogin } from "./user.server";
import { conditionalOffer, createCampaign, signCampaignPledge } from "../../tests/campaigns";
import { checkMilestones } from "./milestone.server";
import { settleDueConditions } from "./pledge-condition.server";
import { confirmPledge } from "./pledge-confirmation.server";
import { createEvent, rsvpAndConfirm } from "../../tests/events";
import { actOnRsvp, queueDueFollowUps, queueDueReminders, queueEventChangeEmails } from "./rsvp.server";
import { rsvpToken } from "./rsvp-links.server";
import { resetEnvCache } from "~/utils/env.server";
import { queueHelpDigest } from "./help.server";
import { decide } from "./moderation-desk.server";
import { reportItem } from "./moderation-report.server";
import type { AnnouncementInput } from "./announcement";
import { createAnnouncement, sendTestAnnouncement } from "./announcement.server";

const templateFiles = readdirSync(new URL("../../emails", import.meta.url))
  .filter((file) => file.endsWith(".tsx") && file !== "layout.tsx")
  .map((file) => file.replace(/\.tsx$/, ""))
  .sort();

test("every template in emails/ can be rendered, and has a category and a priority", () => {
  expect([...TEMPLATE_NAMES].sort()).toEqual(templateFiles);
  expect(Object.keys(EMAIL_QUEUEING).sort()).toEqual(templateFiles);
  for (const template of TEMPLATE_NAMES) {
    const { category, priority } = emailQueueing(template);
    expect(["transactional", ...EMAIL_CATEGORIES]).toContain(category);
    // Transactional email (confirmations, sign-in links) goes ahead of bulk.
    expect(priority).toBe(category === "transactional" ? 0 : 1);
  }
});

test("every way into the queue stores the category and priority the table gives its template", async () => {
  // Sign-up: the confirmation email is queued by the sign-up statement itself.
  await pledgeAction(actionArgs("/pledge", validPledge, { ip: freshIp() })).catch((r) => r);
  // Confirming queues the pledge-confirmed email.
  const token = await confirmTokenFor(validPledge.email);
  await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
  // A sign-in link.
  await requestLogin("reader@example.org", null);
  // An organisation: registered (contact confirmation), verified, another rejected, an editor invited.
  const { user } = await signedIn("queue-owner@example.org");
  const registration = {
    name: "Queue Test Kitchen",
    sector: "charity",
    address: "10 Great Clowes Street, Salford",
    postcode: "M7 1ZQ",
    contactEmail: "kitchen@example.org",
    description: "A community kitchen cooking with and for Broughton residents.",
  };
  const verified = (await registerOrganisation(user.id, registration))!;
  await reviewOrganisation(TEST_ADMIN, verified.id, "verify");
  const rejected = (await registerOrganisation(user.id, { ...registration, name: "Queue Test Rejected" }))!;
  await reviewOrganisation(TEST_ADMIN, rejected.id, "reject", "We could not find it.");
  await inviteEditor(verified, "editor@example.org");
  // Nudges, queued in bulk.
  const confirmedAt = new Date("2027-01-01T09:00:00Z");
  await createConfirmedPledge({ name: "Nina Nudge", email: "nina@example.org", commitment: "Shop local", confirmedAt });
  expect((await queueDueNudges(new Date("2027-01-08T10:00:00Z"))).emails).toBeGreaterThanOrEqual(1);
  // The monthly digest.
  const organisation = await createOrganisation(`queue-digest-${randomUUID().slice(0, 8)}`);
  await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role: "owner" } });
  await prisma.commitment.create({
    data: {
      id: randomUUID(),
      organisationId: organisation.id,
      quality: "values",
      title: "Pay the living wage",
      measure: "staff",
      targetKind: "yesno",
      targetDate: new Date("2027-12-31"),
    },
  });
  expect(await queueOrganisationDigests(new Date("2027-02-01T09:00:00Z"))).toBeGreaterThanOrEqual(1);
  // A campaign: a conditional pledge that completes its condition ("It's on"), one whose deadline
  // passes ("Not this time"), and a milestone passed by a pledger who asked for updates.
  const campaign = await createCampaign({ ...conditionalOffer(1), target: 1 });
  const lapsing = await createCampaign({ ...conditionalOffer(2) });
  await confirmPledge(await signCampaignPledge(campaign, "on@example.org", { conditional: true, updates: true }));
  await confirmPledge(await signCampaignPledge(lapsing, "lapsed@example.org", { conditional: true }));
  expect(await settleDueConditions(new Date(Date.now() + 30 * 86_400_000))).toBe(1);
  expect((await checkMilestones()).length).toBeGreaterThanOrEqual(1);
  // Events: an RSVP confirmed (going), one more for the one place (waiting), the first cancels (an offer to the
  // second), the time changes, the reminder and the follow-up come due; another event is cancelled.
  const meeting = await createEvent({ capacity: 1 });
  const first = await rsvpAndConfirm(meeting.id, "first@example.org");
  await rsvpAndConfirm(meeting.id, "second@example.org");
  expect(await actOnRsvp(rsvpToken(first.rsvpId, "cancel"))).toMatchObject({ status: "done" });
  const stall = await createEvent();
  await rsvpAndConfirm(stall.id, "stall@example.org");
  await prisma.$transaction((tx) =>
    queueEventChangeEmails(tx, stall, { kind: "changed", changes: ["It now starts at 11:00."] }),
  );
  expect(await queueDueReminders(new Date(stall.startsAt.getTime() - 3_600_000))).toBeGreaterThanOrEqual(1);
  expect(await queueDueFollowUps(new Date(stall.endsAt.getTime() + 3_600_000))).toBeGreaterThanOrEqual(1);
  const called = await createEvent();
  await rsvpAndConfirm(called.id, "called@example.org");
  await prisma.$transaction((tx) => queueEventChangeEmails(tx, called, { kind: "cancelled" }));

  // The Alliance's daily "Need a hand" email.
  process.env.ALLIANCE_EMAIL = "desk@example.org";
  resetEnvCache();
  const helped = await createConfirmedPledge({
    name: "Hana Help",
    email: "hana@example.org",
    commitment: "Start a street group",
  });
  const helpCheckIn = await prisma.checkIn.create({ data: { id: randomUUID(), pledgeId: helped.id, choice: "help" } });
  await prisma.helpRequest.create({ data: { checkInId: helpCheckIn.id } });
  expect(await queueHelpDigest()).toMatchObject({ status: "queued" });
  delete process.env.ALLIANCE_EMAIL;
  resetEnvCache();
  // A moderator hides a reported pledge: its pledger is told why.
  const reported = await createConfirmedPledge({
    name: "Rita Reported",
    email: "reported@example.org",
    commitment: "I will sell you a skip",
  });
  await reportItem("pledge", reported.id, { reason: "Spam or advertising", reporter: "203.0.113.60" });
  const entry = await prisma.moderationItem.findUniqueOrThrow({
    where: { kind_itemId: { kind: "pledge", itemId: reported.id } },
  });
  const moderator = (await signedIn("queue-moderator@example.org", "moderator")).user;
  expect(await decide(moderator, { intent: "hide", entryId: entry.id.toString(), reason: "It is an advert." })).toEqual(
    { status: "decided" },
  );
  // An announcement's test copy to the admin writing it (the real sending is announcement.test.ts's).
  const announcementId = await createAnnouncement(TEST_ADMIN, {
    subject: "News",
    body: "Thank you, Salford.",
  } as AnnouncementInput);
  expect(await sendTestAnnouncement(TEST_ADMIN, announcementId)).toEqual({ ok: true });

  const rows = await prisma.emailMessage.findMany({ select: { template: true, category: true, priority: true } });
  // Every template went in by some path above…
  expect([...new Set(rows.map((r) => r.template))].sort()).toEqual(templateFiles);
  // …and each row holds what the table says for its template.
  for (const row of rows)
    expect({ template: row.template, category: row.category, priority: row.priority }).toEqual({
      template: row.template,
      ...emailQueueing(row.template as keyof typeof EMAIL_QUEUEING),
    });
});

test("nothing else writes to email_message: the queue model, and the sign-up statement with the table's values", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const sources = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const file = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(file);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
    });
  const writers = ["app", "scripts", "server"]
    .flatMap(sources)
    .filter((file) =>
      /INSERT\s+INTO\s+email_message\b|\bemailMessage\.(create|createMany|createManyAndReturn|upsert)\b/.test(
        readFileSync(path.join(root, file), "utf8"),
      ),
    );
  expect(writers.sort()).toEqual(["app/models/email-queue.server.ts", "app/models/pledge-signup.server.ts"]);
  const signUp = readFileSync(path.join(root, "app/models/pledge-signup.server.ts"), "utf8");
  expect(signUp).toContain('${emailQueueingSql("confirm-pledge")}');
});

test("a message rendered again later (a retry under its idempotency key) is the same request: its signed links are dated from when it was queued", () => {
  const queuedAt = new Date("2027-01-10T09:00:00Z");
  const message = {
    template: "magic-link",
    to: "someone@example.org",
    props: { signInUrl: "http://localhost:3000/login/x", minutes: 15 },
    category: "news",
    queuedAt,
  };
  vi.useFakeTimers({ now: new Date("2027-01-10T09:00:01Z") });
  try {
    const first = renderQueuedEmail(message);
    vi.setSystemTime(new Date("2027-01-10T11:30:00Z"));
    const again = renderQueuedEmail(message);
    expect(again).toEqual(first);
    expect(first.headers["List-Unsubscribe"]).toBeDefined();
    // Without the date it was queued, the links would be signed afresh and differ.
    expect(renderQueuedEmail({ ...message, queuedAt: undefined }).html).not.toEqual(first.html);
  } finally {
    vi.useRealTimers();
  }
});
