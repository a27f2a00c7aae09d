import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createCommitment, createOrganisation, signedIn } from "../../tests/accounts";
import { createEvent, rsvpAndConfirm } from "../../tests/events";
import { createConfirmedPledge } from "../../tests/helpers";
import { listPublicCheckIns } from "./check-in.server";
import { decide } from "./moderation-desk.server";
import { findReportTarget, reportItem } from "./moderation-report.server";
import { updateCommitment } from "./pledge-owner.server";
import { queueDueReminders } from "./rsvp.server";

/* What a review of the desk found could leak or slip past the moderators, each now shut. */

let counter = 0;
const pledge = () => {
  counter += 1;
  return createConfirmedPledge({
    name: "Rosa Review",
    email: `review-${counter}@example.org`,
    commitment: `I will sort the recycling on my street, week ${counter}.`,
  });
};
const reportBy = (kind: "pledge", id: string, people: number) =>
  Promise.all(
    Array.from({ length: people }, (_, i) => reportItem(kind, id, { reason: "Spam", reporter: `192.0.2.${i}` })),
  );

test("a hidden pledge's words reach no Report page, and its public notes leave its page", async () => {
  const { id } = await pledge();
  const bare = await prisma.checkIn.create({
    data: { id: randomUUID(), pledgeId: id, choice: "going", isPublic: true },
  });
  const noted = await prisma.checkIn.create({
    data: { id: randomUUID(), pledgeId: id, choice: "going", note: "Halfway there", isPublic: true },
  });
  // A check-in without a note has nothing of its own to report: its page would only quote the pledge.
  expect(await findReportTarget("check_in", bare.id)).toBeNull();
  expect(await findReportTarget("check_in", noted.id)).toMatchObject({ title: "“Halfway there”" });
  expect((await listPublicCheckIns(id)).map((c) => c.id)).toContain(noted.id);

  await prisma.pledge.update({ where: { id }, data: { moderation: "hidden" } });
  expect(await findReportTarget("check_in", noted.id)).toBeNull();
  expect(await listPublicCheckIns(id)).toEqual([]);
});

test("a hidden organisation's stories have no Report page (it would name the organisation)", async () => {
  const organisation = await createOrganisation(`review-org-${randomUUID().slice(0, 8)}`);
  const commitment = await createCommitment(organisation.id);
  const story = await prisma.progressReport.create({
    data: {
      id: randomUUID(),
      commitmentId: commitment.id,
      value: 3,
      story: "Three bins emptied",
      reportedOn: new Date(),
    },
  });
  expect(await findReportTarget("progress_report", story.id)).not.toBeNull();
  await prisma.organisation.update({ where: { id: organisation.id }, data: { moderation: "hidden" } });
  expect(await findReportTarget("progress_report", story.id)).toBeNull();
});

test("words caught by the filter on a pledge that reports hid wait for approval: dismissing the reports does not show them", async () => {
  const { id, email } = await pledge();
  await reportBy("pledge", id, 3);
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id } })).moderation).toBe("hidden");
  expect(await updateCommitment(id, email, "I will sell cheap skips, see www.example-skips.com")).toBe("held");
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id } })).moderation).toBe("held");

  const entry = await prisma.moderationItem.findUniqueOrThrow({
    where: { kind_itemId: { kind: "pledge", itemId: id } },
  });
  const moderator = (await signedIn("review-moderator@example.org", "moderator")).user;
  await decide(moderator, { intent: "dismiss", entryId: entry.id.toString() });
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id } })).moderation).toBe("held");
});

test("an event the moderators hold sends no reminder with its unreviewed title", async () => {
  const event = await createEvent({ inDays: 0.5 });
  await rsvpAndConfirm(event.id, "review-attendee@example.org");
  await prisma.event.update({ where: { id: event.id }, data: { moderation: "held" } });
  expect(await queueDueReminders(new Date())).toBe(0);
  await prisma.event.update({ where: { id: event.id }, data: { moderation: "visible" } });
  expect(await queueDueReminders(new Date())).toBe(1);
});
