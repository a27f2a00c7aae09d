import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { request } from "../../tests/accounts";
import { createConfirmedPledge } from "../../tests/helpers";
import type { PledgeNudgeProps } from "../../emails/pledge-nudge";
import { action as checkInAction, loader as checkInLoader } from "~/routes/check-in.$token";
import { loader as pledgePageLoader } from "~/routes/pledges.$id";
import { prisma } from "~/utils/db.server";
import { suppress, unsubscribe } from "./email-preferences.server";
import { queueDueNudges } from "./nudge.server";
import { getTally } from "./tally.server";

const day = 24 * 3600 * 1000;
const T0 = new Date("2027-01-04T09:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * day);

function confirmed(email: string, options: { confirmedDays?: number; commitment?: string; targetDate?: Date } = {}) {
  const commitment = options.commitment ?? `I will help my neighbours ${randomUUID()}`;
  return createConfirmedPledge({
    name: "Nina Nudge",
    email,
    commitment,
    confirmedAt: at(options.confirmedDays ?? 0),
    targetDate: options.targetDate,
  });
}

async function nudgesTo(email: string) {
  return prisma.emailMessage.findMany({
    where: { template: "pledge-nudge", toAddress: email },
    orderBy: { id: "asc" },
  });
}

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.nudgeRecipient.deleteMany();
  await prisma.pledge.deleteMany();
  await prisma.emailPreference.deleteMany();
  await prisma.emailSuppression.deleteMany();
});

test("a pledge is nudged at 7, 30 and 90 days, and a week before its target date, each once", async () => {
  const pledge = await confirmed("steady@example.org", { targetDate: at(60) });
  const stagesBy = async (days: number) => {
    await queueDueNudges(at(days));
    return (await prisma.pledgeNudge.findMany({ where: { pledgeId: pledge.id, messageId: { not: null } } }))
      .map((n) => n.stage)
      .sort();
  };
  expect(await stagesBy(6.9)).toEqual([]);
  expect(await stagesBy(7)).toEqual(["day-7"]);
  expect(await stagesBy(8)).toEqual(["day-7"]);
  expect(await stagesBy(30)).toEqual(["day-30", "day-7"]);
  expect(await stagesBy(53)).toEqual(["before-target", "day-30", "day-7"]);
  expect(await stagesBy(90)).toEqual(["before-target", "day-30", "day-7", "day-90"]);
  expect(await stagesBy(400)).toHaveLength(4);
  expect(await nudgesTo("steady@example.org")).toHaveLength(4);
});

test("catching up after a long gap sends only the latest stage", async () => {
  const pledge = await confirmed("late@example.org");
  await queueDueNudges(at(95));
  const rows = await prisma.pledgeNudge.findMany({ where: { pledgeId: pledge.id } });
  expect(rows.filter((r) => r.messageId !== null).map((r) => r.stage)).toEqual(["day-90"]);
  expect(rows).toHaveLength(3);
  expect(await nudgesTo("late@example.org")).toHaveLength(1);
});

test("several pledges of one person make one email, and nobody gets more than one a week", async () => {
  await confirmed("busy@example.org", { commitment: "I will cook for a neighbour" });
  await confirmed("busy@example.org", { commitment: "I will join the litter pick" });
  await confirmed("busy@example.org", { commitment: "I will mentor a young person", confirmedDays: 3 });
  await queueDueNudges(at(7));
  let emails = await nudgesTo("busy@example.org");
  expect(emails).toHaveLength(1);
  expect((emails[0]!.props as PledgeNudgeProps).items.map((i) => i.commitment).sort()).toEqual([
    "I will cook for a neighbour",
    "I will join the litter pick",
  ]);
  // The third pledge's day-7 falls at day 10: within a week of the last nudge, so it waits.
  await queueDueNudges(at(10));
  expect(await nudgesTo("busy@example.org")).toHaveLength(1);
  await queueDueNudges(at(14));
  emails = await nudgesTo("busy@example.org");
  expect(emails).toHaveLength(2);
  expect((emails[1]!.props as PledgeNudgeProps).items.map((i) => i.commitment)).toEqual([
    "I will mentor a young person",
  ]);
});

test("a nudge carries one-tap check-ins: the link opens a page, its POST records; 'Done it' counts as kept and stops the nudges", async () => {
  const pledge = await confirmed("doer@example.org");
  await queueDueNudges(at(7));
  const [email] = await nudgesTo("doer@example.org");
  const item = (email!.props as PledgeNudgeProps).items[0]!;
  expect(item.idea.length).toBeGreaterThan(10);
  const url = new URL(item.doneUrl);
  const token = url.pathname.split("/check-in/")[1]!;
  const page = await checkInLoader({ request: new Request(url), params: { token }, context: { clientIp: "x" } });
  expect(page).toMatchObject({ choice: "done", pledge: { done: false } });
  expect(await prisma.checkIn.count()).toBe(0);

  const keptBefore = (await getTally()).kept;
  const response = (await checkInAction({
    request: request(url.pathname, undefined, { choice: "done", note: "Met three neighbours!", isPublic: "on" }),
    params: { token },
    context: { clientIp: "x" },
  })) as Response;
  expect(response.headers.get("Location")).toBe(`/pledges/${pledge.id}?checkedIn=done`);
  expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).doneAt).not.toBeNull();
  const tally = await getTally();
  expect(tally.kept).toBe(keptBefore + 1);
  expect(tally.keptByQuality.values).toBe(keptBefore + 1);
  const pledgePage = await pledgePageLoader({
    request: request(`/pledges/${pledge.id}`),
    params: { id: pledge.id },
    context: { clientIp: "x" },
  });
  expect(pledgePage.checkIns).toMatchObject([{ choice: "done", note: "Met three neighbours!" }]);

  await queueDueNudges(at(30));
  await queueDueNudges(at(90));
  expect(await nudgesTo("doer@example.org")).toHaveLength(1);
});

test("a check-in kept private stays off the public page; a forged link does nothing", async () => {
  const pledge = await confirmed("private@example.org");
  await queueDueNudges(at(7));
  const item = ((await nudgesTo("private@example.org"))[0]!.props as PledgeNudgeProps).items[0]!;
  const token = new URL(item.helpUrl).pathname.split("/check-in/")[1]!;
  await checkInAction({
    request: request("/check-in/x", undefined, { choice: "help", note: "Who runs the food bank?" }),
    params: { token },
    context: { clientIp: "x" },
  });
  expect(await prisma.checkIn.findFirst()).toMatchObject({ choice: "help", isPublic: false });
  const pledgePage = await pledgePageLoader({
    request: request(`/pledges/${pledge.id}`),
    params: { id: pledge.id },
    context: { clientIp: "x" },
  });
  expect(pledgePage.checkIns).toEqual([]);
  const forged = `${token.split(".")[0]}.AAAA`;
  expect(
    await checkInLoader({
      request: request(`/check-in/${forged}`),
      params: { token: forged },
      context: { clientIp: "x" },
    }),
  ).toEqual({ pledge: null, choice: null });
});

test("no nudges for the unsubscribed, the suppressed or withdrawn pledges", async () => {
  await confirmed("unsub@example.org");
  await confirmed("bounced@example.org");
  const withdrawn = await confirmed("gone@example.org");
  await prisma.pledge.update({ where: { id: withdrawn.id }, data: { withdrawnAt: at(1) } });
  await unsubscribe("unsub@example.org", "nudges");
  await suppress("bounced@example.org", "bounce");
  expect((await queueDueNudges(at(7))).emails).toBe(0);
});
