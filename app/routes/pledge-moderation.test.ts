import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { HIDDEN_PLEDGE_WORDS } from "~/models/moderation";
import { forgetListedWords } from "~/models/moderation.server";
import { checkInUrl } from "~/models/nudge.server";
import { getTally } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { request, signedIn, createOrganisation } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { createEvent } from "../../tests/events";
import { actionArgs, confirmTokenFor, freshIp, loaderArgs, settle, validPledge } from "../../tests/helpers";
import { action as accountAction, loader as accountLoader } from "./account._index";
import { loader as campaignApiLoader } from "./api.campaigns.$slug";
import { loader as campaignsApiLoader } from "./api.campaigns";
import { loader as eventsApiLoader } from "./api.events";
import { loader as seriesApiLoader } from "./api.tally.series";
import { loader as tallyApiLoader } from "./api.tally";
import { loader as wardsApiLoader } from "./api.wards[.geojson]";
import { loader as campaignPageLoader } from "./campaigns.$slug";
import { action as checkInAction } from "./check-in.$token";
import { action as confirmAction, loader as confirmLoader } from "./confirm.$token";
import { action as kioskAction } from "./events.$id.kiosk";
import { action as pledgeAction } from "./pledge._index";
import { loader as pledgePageLoader } from "./pledges.$id";
import { loader as wallLoader } from "./pledges._index";
import { loader as wardPageLoader } from "./wards.$slug";

/*
 * The moderation filter on pledges and check-in notes: what it catches is
 * held, kept off every public page and API as "A Salford resident's pledge"
 * with no name, and counts in the tally all the same. Through the routes,
 * against the database.
 */

const SPAM = "I will share www.example-spam.com with all my neighbours";

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.moderationItem.deleteMany();
  await prisma.pledge.deleteMany();
});

afterEach(async () => {
  await prisma.moderationWord.deleteMany();
  forgetListedWords();
});

let people = 0;
/** A resident's pledge form in their own words, from an address of their own. */
function ownWords(words: string, fields: Record<string, string> = {}) {
  people += 1;
  return {
    ...validPledge,
    name: `Robin Spammer${people}`,
    nameDisplay: "full",
    email: `resident${people}@example.org`,
    suggestion: "own",
    ownWords: words,
    ...fields,
  };
}

async function sign(fields: Record<string, string>) {
  const response = await settle(() => pledgeAction(actionArgs("/pledge", fields, { ip: freshIp() })));
  if (!(response instanceof Response)) throw new Error(`the pledge was refused: ${JSON.stringify(response)}`);
  return response.headers.get("Location");
}

async function confirm(email: string) {
  const token = await confirmTokenFor(email);
  const response = await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
  return response.headers.get("Location");
}

async function pledgeOf(email: string) {
  return prisma.pledge.findFirstOrThrow({ where: { email } });
}

async function wall(query = "") {
  return JSON.stringify(await wallLoader(loaderArgs(`/pledges${query}`)));
}

async function pledgePage(id: string, query = "") {
  return pledgePageLoader(loaderArgs(`/pledges/${id}${query}`, { id }));
}

/** Everything every public API answers, as text. */
async function apis(campaignSlug?: string) {
  const answers: Response[] = [
    await tallyApiLoader(loaderArgs("/api/tally")),
    await seriesApiLoader(loaderArgs("/api/tally/series")),
    await wardsApiLoader(loaderArgs("/api/wards.geojson")),
    await campaignsApiLoader(loaderArgs("/api/campaigns")),
    await eventsApiLoader(loaderArgs("/api/events")),
  ];
  if (campaignSlug) {
    answers.push(await campaignApiLoader(loaderArgs(`/api/campaigns/${campaignSlug}`, { slug: campaignSlug })));
    answers.push(await tallyApiLoader(loaderArgs(`/api/tally?campaign=${campaignSlug}`)));
  }
  for (const answer of answers) expect(answer.status).toBe(200);
  return (await Promise.all(answers.map((a) => a.text()))).join("\n");
}

describe("a pledge the filter holds", () => {
  test("a link: the pledger is told it waits for a check, it counts, and its words and name appear nowhere public", async () => {
    const form = ownWords(SPAM);
    expect(await sign(form)).toBe("/pledge/sent?check=1");
    const stored = await pledgeOf(form.email);
    expect(stored.moderation).toBe("held");
    expect(await prisma.moderationItem.findFirstOrThrow()).toMatchObject({
      kind: "pledge",
      itemId: stored.id,
      state: "open",
      flags: ["link"],
    });

    // The emailed link shows its pledger their own words, and that they wait for a check.
    const token = await confirmTokenFor(form.email);
    const confirmPage = await confirmLoader(loaderArgs(`/confirm/${token}`, { token }));
    expect(confirmPage).toMatchObject({ status: "pending", held: true, pledge: { commitment: SPAM } });

    expect(await confirm(form.email)).toBe(`/pledges/${stored.id}?confirmed=1`);
    expect((await getTally()).residents).toBe(1);

    const page = await pledgePage(stored.id, "?confirmed=1");
    expect(page.pledge).toMatchObject({
      commitment: HIDDEN_PLEDGE_WORDS,
      displayName: "A Salford resident",
      withheld: true,
    });
    const everything = [JSON.stringify(page), await wall(), await apis()].join("\n");
    expect(everything).not.toContain("example-spam");
    expect(everything).not.toContain("Spammer");
    // Still listed on the wall, as a counted pledge.
    expect(await wall()).toContain(HIDDEN_PLEDGE_WORDS);
    expect(((await wallLoader(loaderArgs("/pledges"))) as { total: number }).total).toBe(1);
  });

  test("a listed word, whatever its case: held, with the word as the reason", async () => {
    await prisma.moderationWord.create({ data: { word: "scam" } });
    forgetListedWords();
    const form = ownWords("I will warn my street about every SCAM I hear of");
    expect(await sign(form)).toBe("/pledge/sent?check=1");
    const stored = await pledgeOf(form.email);
    expect(stored.moderation).toBe("held");
    expect((await prisma.moderationItem.findFirstOrThrow()).flags).toEqual(["word:scam"]);
    await confirm(form.email);
    expect(await wall()).not.toContain("SCAM");
    expect((await getTally()).residents).toBe(1);
  });

  test("a name with a link is held too: the wall would show it", async () => {
    const form = ownWords("I will help at the food bank every Saturday", { name: "Visit cheap-pills.com" });
    expect(await sign(form)).toBe("/pledge/sent?check=1");
    await confirm(form.email);
    const shown = await wall();
    expect(shown).not.toContain("cheap-pills");
    expect(shown).not.toContain("food bank");
  });

  test("a clean pledge in the pledger's own words shows at once, with its name", async () => {
    const form = ownWords("I will learn the names of the people on my bus route");
    expect(await sign(form)).toBe("/pledge/sent");
    const stored = await pledgeOf(form.email);
    expect(stored.moderation).toBe("visible");
    expect(await prisma.moderationItem.count()).toBe(0);
    await confirm(form.email);
    expect((await pledgePage(stored.id)).pledge).toMatchObject({
      commitment: "I will learn the names of the people on my bus route",
      displayName: form.name,
      withheld: false,
    });
    expect(await wall()).toContain("bus route");
  });

  test("a chosen suggestion is the site's own words: not screened, even when it has a listed word", async () => {
    await prisma.moderationWord.create({ data: { word: "respect" } });
    forgetListedWords();
    const form = { ...validPledge, email: `suggested-${randomUUID().slice(0, 8)}@example.org` };
    expect(await sign(form)).toBe("/pledge/sent");
    expect((await pledgeOf(form.email)).moderation).toBe("visible");
  });

  test("signing the same held pledge again, unconfirmed, keeps one queue entry", async () => {
    const form = ownWords(SPAM);
    await sign(form);
    await sign(form);
    expect(await prisma.pledge.count()).toBe(1);
    expect(await prisma.moderationItem.count()).toBe(1);
  });
});

describe("a pledge for a campaign, and at an event's kiosk", () => {
  test("a campaign pledge in held words counts for the campaign, and its page and API never show them", async () => {
    const campaign = await createCampaign();
    const form = ownWords(SPAM, { campaign: campaign.slug, qualities: "partnerships" });
    expect(await sign(form)).toBe("/pledge/sent?check=1");
    await confirm(form.email);
    const page = await campaignPageLoader(loaderArgs(`/campaigns/${campaign.slug}`, { slug: campaign.slug }));
    const shown = JSON.stringify(page);
    expect(shown).toContain(HIDDEN_PLEDGE_WORDS);
    expect(shown).not.toContain("example-spam");
    expect(await apis(campaign.slug)).not.toContain("example-spam");
    const answer = (await (await tallyApiLoader(loaderArgs(`/api/tally?campaign=${campaign.slug}`))).json()) as {
      total: number;
    };
    expect(answer.total).toBe(1);
  });

  test("the kiosk thanks the pledger and says their words wait for a quick check", async () => {
    const organisation = await createOrganisation(`kiosk-${randomUUID().slice(0, 8)}`);
    const event = await createEvent({
      organisationId: organisation.id,
      startsAt: new Date(Date.now() - 3600_000),
      endsAt: new Date(Date.now() + 3600_000),
    });
    const editor = await signedIn(`editor-${randomUUID().slice(0, 8)}@example.org`);
    await prisma.membership.create({
      data: { userId: editor.user.id, organisationId: organisation.id, role: "editor" },
    });
    const args = actionArgs(`/events/${event.id}/kiosk`, ownWords(SPAM), { params: { id: event.id } });
    args.request.headers.set("Cookie", editor.cookie);
    const response = (await settle(() => kioskAction(args))) as Response;
    expect(response.headers.get("Location")).toBe(`/events/${event.id}/kiosk?thanks=1&check=1`);
    expect((await prisma.pledge.findFirstOrThrow()).moderation).toBe("held");
  });
});

describe("a ward's page", () => {
  test("lists a held pledge among its newest as a resident's pledge", async () => {
    const forms = Array.from({ length: 5 }, (_, i) =>
      ownWords(i === 0 ? SPAM : `I will sweep the path outside number ${i + 10}`),
    );
    for (const form of forms) {
      await sign(form);
      await confirm(form.email);
    }
    const ward = await prisma.ward.findFirstOrThrow({ where: { code: (await pledgeOf(forms[0]!.email)).wardCode } });
    const page = JSON.stringify(await wardPageLoader(loaderArgs(`/wards/${ward.slug}`, { slug: ward.slug })));
    expect(page).toContain("sweep the path");
    expect(page).toContain(HIDDEN_PLEDGE_WORDS);
    expect(page).not.toContain("example-spam");
  });
});

describe("a pledge a moderator hid", () => {
  test("leaves the wall and its page as a resident's pledge, still counts, and its owner still sees their words", async () => {
    const form = ownWords("I will tell everyone how awful my neighbour Dave is");
    await sign(form);
    await confirm(form.email);
    const stored = await pledgeOf(form.email);
    expect(await wall()).toContain("neighbour Dave");
    await prisma.pledge.update({ where: { id: stored.id }, data: { moderation: "hidden" } });

    expect((await pledgePage(stored.id)).pledge.commitment).toBe(HIDDEN_PLEDGE_WORDS);
    const everything = [JSON.stringify(await pledgePage(stored.id)), await wall(), await apis()].join("\n");
    expect(everything).not.toContain("Dave");
    expect(everything).not.toContain("Spammer");
    expect((await getTally()).residents).toBe(1);

    const owner = await signedIn(form.email);
    const account = await accountLoader({
      request: request("/account", owner.cookie),
      params: {},
      context: { clientIp: "203.0.113.1" },
    });
    expect(account.pledges[0]).toMatchObject({ commitment: form.ownWords, moderation: "hidden" });
  });
});

describe("rewording a pledge", () => {
  test("on the account page: words the filter catches are held, the owner is told, and the public sees none of them", async () => {
    const form = ownWords("I will volunteer at the community garden");
    await sign(form);
    await confirm(form.email);
    const stored = await pledgeOf(form.email);
    const owner = await signedIn(form.email);
    const response = (await settle(() =>
      accountAction({
        request: request("/account", owner.cookie, { intent: "edit", pledgeId: stored.id, commitment: SPAM }),
        params: {},
        context: { clientIp: "203.0.113.1" },
      }),
    )) as Response;
    expect(response.headers.get("Location")).toBe("/account?edited=held");
    expect((await pledgeOf(form.email)).moderation).toBe("held");
    expect(await prisma.moderationItem.findFirstOrThrow()).toMatchObject({ itemId: stored.id, flags: ["link"] });
    expect(JSON.stringify(await pledgePage(stored.id))).not.toContain("example-spam");
    expect((await getTally()).residents).toBe(1);
  });

  test("at a check-in: new words the filter catches are held, and the pledge's page says they wait for a check", async () => {
    const form = ownWords("I will volunteer at the library");
    await sign(form);
    await confirm(form.email);
    const stored = await pledgeOf(form.email);
    const token = new URL(checkInUrl(stored.id, "change")).pathname.split("/").at(-1)!;
    const response = (await settle(() =>
      checkInAction(actionArgs(`/check-in/${token}`, { choice: "change", newWords: SPAM }, { params: { token } })),
    )) as Response;
    expect(response.headers.get("Location")).toBe(`/pledges/${stored.id}?checkedIn=change&held=1`);
    const page = await pledgePage(stored.id);
    expect(page.pledge.commitment).toBe(HIDDEN_PLEDGE_WORDS);
    expect(JSON.stringify(page)).not.toContain("example-spam");
  });
});

describe("check-in notes", () => {
  async function checkIn(pledgeId: string, fields: Record<string, string>) {
    const token = new URL(checkInUrl(pledgeId, "going")).pathname.split("/").at(-1)!;
    return (await settle(() =>
      checkInAction(actionArgs(`/check-in/${token}`, fields, { params: { token } })),
    )) as Response;
  }

  test("a public note with a link is held: not on the pledge's page, which says it waits for a check", async () => {
    const form = ownWords("I will read to children at the library");
    await sign(form);
    await confirm(form.email);
    const stored = await pledgeOf(form.email);

    const clean = await checkIn(stored.id, { choice: "going", note: "Three stories so far", isPublic: "on" });
    expect(clean.headers.get("Location")).toBe(`/pledges/${stored.id}?checkedIn=going`);
    const held = await checkIn(stored.id, { choice: "going", note: "Buy books at cheap-books.shop", isPublic: "on" });
    expect(held.headers.get("Location")).toBe(`/pledges/${stored.id}?checkedIn=going&held=1`);

    const note = await prisma.checkIn.findFirstOrThrow({ where: { note: { contains: "cheap-books" } } });
    expect(note.moderation).toBe("held");
    expect(await prisma.moderationItem.findFirstOrThrow({ where: { kind: "check_in" } })).toMatchObject({
      itemId: note.id,
      flags: ["link"],
    });
    const page = await pledgePage(stored.id);
    expect(page.checkIns.map((c) => c.note)).toEqual(["Three stories so far"]);
    expect(JSON.stringify(page)).not.toContain("cheap-books");
  });

  test("a note a moderator hid leaves the page; a 'Need a hand' note still reaches the Alliance's help queue", async () => {
    const form = ownWords("I will run a repair cafe");
    await sign(form);
    await confirm(form.email);
    const stored = await pledgeOf(form.email);
    await checkIn(stored.id, { choice: "help", note: "Need a venue, see repair-cafe.org", isPublic: "on" });
    const note = await prisma.checkIn.findFirstOrThrow();
    expect(note.moderation).toBe("held");
    expect(await prisma.helpRequest.count({ where: { checkInId: note.id } })).toBe(1);

    await checkIn(stored.id, { choice: "going", note: "Fixed two toasters", isPublic: "on" });
    expect((await pledgePage(stored.id)).checkIns.map((c) => c.note)).toEqual(["Fixed two toasters"]);
    await prisma.checkIn.updateMany({ where: { note: "Fixed two toasters" }, data: { moderation: "hidden" } });
    expect((await pledgePage(stored.id)).checkIns).toEqual([]);
  });
});
