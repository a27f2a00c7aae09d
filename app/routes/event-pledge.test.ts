import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { actionArgs, freshIp, loaderArgs, settle, validPledge } from "../../tests/helpers";
import { action as pledgeAction, loader as pledgeFormLoader } from "./pledge._index";

/*
 * The pledge form pre-set for an event (/pledge?event=<id>, the address on its
 * QR cards): the pledge is attributed to the event, and to the event's
 * campaign while that runs.
 */

const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.pledge.deleteMany();
});

let people = 0;
function person(fields: Record<string, string> = {}) {
  people += 1;
  return { ...validPledge, email: `at-event-${people}@example.org`, ...fields };
}

function post(fields: Record<string, string>) {
  return settle(() => pledgeAction(actionArgs("/pledge", fields, { ip: freshIp() })));
}

describe("the form pre-set for an event", () => {
  test("a published event names itself and pre-sets its running campaign", async () => {
    const campaign = await createCampaign({ name: "Clean Streets", qualities: ["partnerships"] });
    const event = await createEvent({ title: "Stall at the market", campaignId: campaign.id });
    const form = await pledgeFormLoader(loaderArgs(`/pledge?event=${event.id}`));
    expect(form).toMatchObject({
      event: { id: event.id, title: "Stall at the market" },
      eventUnavailable: false,
      campaign: { slug: campaign.slug, name: "Clean Streets", qualities: ["partnerships"] },
      campaignUnavailable: false,
    });
  });

  test("an event without a campaign, or whose campaign is over, is the plain form at the event", async () => {
    const plain = await createEvent();
    expect(await pledgeFormLoader(loaderArgs(`/pledge?event=${plain.id}`))).toMatchObject({
      event: { id: plain.id },
      campaign: null,
    });
    const over = await createCampaign({ startsOn: day(-30), endsOn: day(-1) });
    const late = await createEvent({ campaignId: over.id });
    expect(await pledgeFormLoader(loaderArgs(`/pledge?event=${late.id}`))).toMatchObject({
      event: { id: late.id },
      campaign: null,
      campaignUnavailable: false,
    });
  });

  test("a draft or cancelled event, an unknown id or junk is the plain form with a notice", async () => {
    const draft = await createEvent({ status: "draft", publishedAt: null });
    const cancelled = await createEvent({ status: "cancelled", cancelledAt: new Date() });
    for (const id of [
      draft.id,
      cancelled.id,
      randomUUID(),
      "not-an-event",
      "'; DROP TABLE event; --",
      "x".repeat(5000),
    ])
      expect(await pledgeFormLoader(loaderArgs(`/pledge?event=${encodeURIComponent(id)}`)), id).toEqual({
        campaign: null,
        campaignUnavailable: false,
        eventUnavailable: true,
      });
  });
});

describe("signing at an event", () => {
  test("stores the event and the event's campaign, whatever campaign the form names, and sends the confirmation email", async () => {
    const campaign = await createCampaign({ suggestions: ["I will plant a tree."] });
    const other = await createCampaign();
    const event = await createEvent({ campaignId: campaign.id });
    const fields = person({
      event: event.id,
      campaign: other.slug,
      qualities: "partnerships",
      suggestion: "campaign-0",
    });
    const answer = (await post(fields)) as Response;
    expect(answer.headers.get("Location")).toBe("/pledge/sent");
    expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } })).toMatchObject({
      eventId: event.id,
      campaignId: campaign.id,
      commitment: "I will plant a tree.",
      confirmedAt: null,
    });
    expect(await prisma.emailMessage.count({ where: { toAddress: fields.email, template: "confirm-pledge" } })).toBe(1);
  });

  test("an event without a campaign: the event only", async () => {
    const event = await createEvent();
    const fields = person({ event: event.id });
    await post(fields);
    expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } })).toMatchObject({
      eventId: event.id,
      campaignId: null,
    });
  });

  test("an event that takes no pledges (draft, cancelled, unknown, junk) is not stored; the pledge still is", async () => {
    const draft = await createEvent({ status: "draft", publishedAt: null });
    const cancelled = await createEvent({ status: "cancelled", cancelledAt: new Date() });
    for (const id of [draft.id, cancelled.id, randomUUID(), "junk"]) {
      const fields = person({ event: id });
      expect(((await post(fields)) as Response).headers.get("Location"), id).toBe("/pledge/sent");
      expect(await prisma.pledge.findFirstOrThrow({ where: { email: fields.email } }), id).toMatchObject({
        eventId: null,
        campaignId: null,
      });
    }
  });
});
