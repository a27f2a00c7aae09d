import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { CARDS_PER_PAGE, PledgeCards } from "~/components/pledge-cards";
import { appUrl } from "~/utils/env.server";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { loaderArgs, settle } from "../../tests/helpers";
import { loader as campaignCardsLoader } from "./campaigns.$slug_.cards";
import { loader as eventCardsLoader } from "./events.$id.cards";

/*
 * The printable QR pledge cards of an event and of a campaign: each card's QR
 * code is made from the address of the pledge form pre-set for it.
 */

const day = (offset: number) => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000);

function eventCards(id: string) {
  return settle(() => eventCardsLoader(loaderArgs(`/events/${encodeURIComponent(id)}/cards`, { id })));
}

function campaignCards(slug: string) {
  return settle(() => campaignCardsLoader(loaderArgs(`/campaigns/${encodeURIComponent(slug)}/cards`, { slug })));
}

/** The page as the server renders it: its QR codes, and the addresses printed under them. */
function rendered(cards: Awaited<ReturnType<typeof eventCardsLoader>>) {
  const html = renderToString(createElement(PledgeCards, cards));
  return {
    html,
    svgs: html.match(/<svg[\s\S]*?<\/svg>/g) ?? [],
    addresses: [...html.matchAll(/<p class="qr-card-address">([^<]*)<\/p>/g)].map((m) => m[1]),
  };
}

describe("an event's pledge cards", () => {
  test("a page of 8 cards, each with the QR code of /pledge?event=<id> and that address printed under it", async () => {
    const event = await createEvent({ title: "Stall at the market" });
    const cards = (await eventCards(event.id)) as Awaited<ReturnType<typeof eventCardsLoader>>;
    const url = appUrl(`/pledge?event=${event.id}`);
    expect(cards).toMatchObject({ heading: "at Stall at the market", url });
    const page = rendered(cards);
    expect(page.svgs).toHaveLength(CARDS_PER_PAGE);
    expect(CARDS_PER_PAGE).toBe(8);
    // Made again from the address, the same code: the cards lead to the event's form.
    const expected = await qrCodeSvg(url);
    for (const svg of page.svgs) expect(svg).toBe(expected);
    expect(expected).not.toBe(await qrCodeSvg(appUrl(`/pledge?event=${randomUUID()}`)));
    expect(page.addresses).toEqual(Array(8).fill(url.replace(/^https?:\/\//, "").replace(/&/g, "&amp;")));
    expect(page.html).toContain("Values and ethos · Delivery · Partnerships · Internal operations and practice");
  });

  test("404 for a draft or cancelled event, an unknown id or junk", async () => {
    const draft = await createEvent({ status: "draft", publishedAt: null });
    const cancelled = await createEvent({ status: "cancelled", cancelledAt: new Date() });
    for (const id of [draft.id, cancelled.id, randomUUID(), "junk", "../admin"])
      expect(((await eventCards(id)) as Response).status, id).toBe(404);
  });
});

describe("a campaign's pledge cards", () => {
  test("each card's QR code is the address of /pledge?campaign=<slug>", async () => {
    const campaign = await createCampaign({ name: "Clean Streets" });
    const cards = (await campaignCards(campaign.slug)) as Awaited<ReturnType<typeof campaignCardsLoader>>;
    const url = appUrl(`/pledge?campaign=${campaign.slug}`);
    expect(cards).toMatchObject({ heading: "for Clean Streets", url });
    const page = rendered(cards);
    expect(page.svgs).toHaveLength(8);
    const expected = await qrCodeSvg(url);
    for (const svg of page.svgs) expect(svg).toBe(expected);
    // An upcoming campaign's cards can be printed before it starts.
    const upcoming = await createCampaign({ startsOn: day(3), endsOn: day(30) });
    expect(await campaignCards(upcoming.slug)).toMatchObject({ url: appUrl(`/pledge?campaign=${upcoming.slug}`) });
  });

  test("404 for a draft, finished or archived campaign, an unknown slug or junk", async () => {
    const draft = await createCampaign({ status: "draft", publishedAt: null });
    const finished = await createCampaign({ startsOn: day(-30), endsOn: day(-1) });
    const archived = await createCampaign({ status: "archived" });
    for (const slug of [
      draft.slug,
      finished.slug,
      archived.slug,
      "no-such-campaign",
      "../../etc/passwd",
      "x".repeat(500),
    ])
      expect(((await campaignCards(slug)) as Response).status, slug).toBe(404);
  });
});
