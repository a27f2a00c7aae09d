import { beforeEach, describe, expect, test } from "vitest";
import { confirmTokenFor, actionArgs, freshIp, loaderArgs, settle, validPledge } from "../../tests/helpers";
import { processConfirmationResends, purgeUnconfirmedPledges } from "~/models/pledge-confirmation.server";
import { getTally, getTallyCounts, rollUpTally } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { request, signedIn } from "../../tests/accounts";
import { action as accountAction } from "./account._index";
import { action as confirmAction, loader as confirmLoader } from "./confirm.$token";
import { action as pledgeAction } from "./pledge._index";
import { action as resendAction } from "./pledge.resend";
import { loader as pledgePageLoader } from "./pledges.$id";
import { loader as wallLoader } from "./pledges._index";

async function pledge(fields: Record<string, string | string[]> = validPledge, ip = freshIp()) {
  return settle(() => pledgeAction(actionArgs("/pledge", fields, { ip })));
}

function status(result: unknown) {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.pledge.deleteMany();
});

describe("signing a pledge", () => {
  test("stores it unconfirmed, with its confirmation email, and sends the pledger to check their email", async () => {
    const response = await pledge();
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe("/pledge/sent");

    const stored = await prisma.pledge.findFirstOrThrow();
    expect(stored).toMatchObject({
      email: "jane.smith@example.org",
      postcode: "M5 4WT",
      qualities: ["values"],
      commitment: "I will treat everyone I meet with respect and without judgement.",
      nameDisplay: "initial",
      confirmedAt: null,
      newsConsent: false,
    });
    expect(stored.wardCode).toMatch(/^E05013/);
    expect(stored.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);

    const message = await prisma.emailMessage.findFirstOrThrow();
    expect(message).toMatchObject({
      template: "confirm-pledge",
      toAddress: "jane.smith@example.org",
      status: "queued",
    });
    expect(message.pledgeId).toBe(stored.id);
    // The raw token is in the email only; the database keeps its hash.
    expect(JSON.stringify(stored)).not.toContain(await confirmTokenFor("jane.smith@example.org"));
  });

  test("keeps an optional target date, and refuses one in the past", async () => {
    await pledge({ ...validPledge, targetDate: "2031-06-30" });
    expect((await prisma.pledge.findFirstOrThrow()).targetDate?.toISOString().slice(0, 10)).toBe("2031-06-30");
    const past = await pledge({ ...validPledge, email: "past@example.org", targetDate: "2020-01-01" });
    expect(status(past)).toBe(400);
    expect((past as { data: { error: Record<string, string[]> } }).data.error.targetDate).toEqual([
      "Choose a date in the future, or leave it empty",
    ]);
  });

  test("normalises the postcode in any case and spacing", async () => {
    await pledge({ ...validPledge, postcode: " m5   4wt" });
    expect((await prisma.pledge.findFirstOrThrow()).postcode).toBe("M5 4WT");
  });

  test("says clearly when the postcode is outside Salford, beside the field, with status 400", async () => {
    const result = await pledge({ ...validPledge, postcode: "M1 1AD" });
    expect(status(result)).toBe(400);
    const reply = (result as { data: { error: Record<string, string[]> } }).data;
    expect(reply.error.postcode).toEqual(["M1 1AD is not in Salford. Use a postcode in Salford, like M5 4WT"]);
    expect(await prisma.pledge.count()).toBe(0);
  });

  test("returns every field error together with status 400 and stores nothing", async () => {
    const result = await pledge({ email: "not-an-email", postcode: "nonsense", suggestion: "own", ownWords: "x" });
    expect(status(result)).toBe(400);
    const errors = (result as { data: { error: Record<string, string[]> } }).data.error;
    expect(Object.keys(errors).sort()).toEqual(
      ["email", "name", "nameDisplay", "nudgeConsent", "ownWords", "postcode", "qualities"].sort(),
    );
    expect(errors.postcode).toEqual(["Enter a full UK postcode, like M5 4WT"]);
    expect(await prisma.pledge.count()).toBe(0);
  });

  test('own words typed without choosing "In my own words" are taken as the pledger\'s own words', async () => {
    const { suggestion: _unchosen, ...noChoice } = validPledge;
    const result = await pledge({ ...noChoice, ownWords: "I will learn the names of the people on my bus route." });
    expect(status(result)).toBe(302);
    expect((await prisma.pledge.findFirstOrThrow()).commitment).toBe(
      "I will learn the names of the people on my bus route.",
    );
    // Neither a choice nor words: still asked to choose or write.
    const neither = await pledge({ ...noChoice, email: "neither@example.org", ownWords: "   " });
    expect((neither as { data: { error: Record<string, string[]> } }).data.error.suggestion).toEqual([
      "Choose a commitment, or write your own",
    ]);
  });

  test("the same inbox with the same commitment is one pledge, however it is spelt", async () => {
    await pledge({ ...validPledge, email: "jane.smith@gmail.com" });
    await pledge({ ...validPledge, email: "JaneSmith+pledges@googlemail.com", name: "Jane S" });
    await pledge({
      ...validPledge,
      email: "janesmith@gmail.com",
      suggestion: "own",
      ownWords: "I WILL treat everyone I meet with respect and   without judgement.",
    });
    expect(await prisma.pledge.count()).toBe(1);
    // A different commitment is a second pledge.
    await pledge({ ...validPledge, email: "janesmith@gmail.com", suggestion: "values-neighbour" });
    expect(await prisma.pledge.count()).toBe(2);
  });

  test("sign-ups arriving together are written together: each is stored once and each hears back", async () => {
    const submissions = Array.from({ length: 60 }, (_, i) => ({
      ...validPledge,
      email: `crowd-${i % 50}@example.org`,
    }));
    const responses = await Promise.all(submissions.map((fields) => pledge(fields)));
    expect(responses.every((r) => (r as Response).status === 302)).toBe(true);
    // Ten were second submissions of the same pledge: one pledge each, and each has its email.
    expect(await prisma.pledge.count()).toBe(50);
    const emails = await prisma.emailMessage.groupBy({ by: ["pledgeId"], _count: { _all: true } });
    expect(emails).toHaveLength(50);
  });

  test("a bot that fills the honeypot is shown success and nothing is stored", async () => {
    const response = await pledge({ ...validPledge, homepage: "http://spam.example" });
    expect((response as Response).status).toBe(302);
    expect(await prisma.pledge.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  test("too many submissions from one address get a 429 with Retry-After", async () => {
    process.env.RATE_LIMIT_PLEDGE = "3";
    resetEnvCache();
    try {
      const ip = freshIp();
      for (let i = 0; i < 3; i += 1)
        expect(status(await pledge({ ...validPledge, email: `p${i}@example.org` }, ip))).toBe(302);
      const limited = await pledge({ ...validPledge, email: "p4@example.org" }, ip);
      expect(status(limited)).toBe(429);
      expect(Number((limited as Response).headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(await prisma.pledge.count()).toBe(3);
    } finally {
      delete process.env.RATE_LIMIT_PLEDGE;
      resetEnvCache();
    }
  });
});

describe("confirming a pledge", () => {
  test("opening the link shows the pledge and confirms nothing; the button's POST confirms and counts it", async () => {
    await pledge();
    const token = await confirmTokenFor(validPledge.email);
    const before = (await getTally()).total;

    const page = await confirmLoader(loaderArgs(`/confirm/${token}`, { token }));
    expect(page.status).toBe("pending");
    if (page.status === "pending") expect(page.pledge.displayName).toBe("Jane S.");
    expect((await prisma.pledge.findFirstOrThrow()).confirmedAt).toBeNull();
    expect((await getTally()).total).toBe(before);

    const response = await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    const stored = await prisma.pledge.findFirstOrThrow();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/pledges/${stored.id}?confirmed=1`);
    expect(stored.confirmedAt).not.toBeNull();
    expect(stored.confirmTokenHash).toBeNull();

    const tally = await getTally();
    expect(tally.total).toBe(before + 1);
    expect(tally.byQuality.values).toBe(1);
    // Counted in its ward, but one is fewer than 5: published only as that.
    expect((await getTallyCounts()).count(`ward:${stored.wardCode}`)).toBe(1);
    expect(tally.byWard.find((w) => w.code === stored.wardCode)).toMatchObject({ pledges: null, fewerThan5: true });
    // The roll-up changes where the count lives, not the count.
    await rollUpTally();
    expect((await getTally()).total).toBe(before + 1);

    const welcome = await prisma.emailMessage.findFirstOrThrow({ where: { template: "pledge-confirmed" } });
    expect(welcome.toAddress).toBe(validPledge.email);
  });

  test("the link works once: a second POST neither confirms again nor counts twice", async () => {
    await pledge();
    const token = await confirmTokenFor(validPledge.email);
    await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    const again = await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    expect(again.headers.get("Location")).toBe(`/confirm/${token}`);
    expect((await getTally()).total).toBe(1);
    expect((await confirmLoader(loaderArgs(`/confirm/${token}`, { token }))).status).toBe("invalid");
    expect(await prisma.emailMessage.count({ where: { template: "pledge-confirmed" } })).toBe(1);
  });

  test("two presses at the same moment count once", async () => {
    await pledge();
    const token = await confirmTokenFor(validPledge.email);
    await Promise.allSettled([
      confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } })),
      confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } })),
    ]);
    expect((await getTally()).total).toBe(1);
  });

  test("a link older than 7 days has expired and offers a new one", async () => {
    await pledge();
    const token = await confirmTokenFor(validPledge.email);
    await prisma.pledge.updateMany({ data: { confirmTokenExpiresAt: new Date(Date.now() - 1000) } });
    // Without the address: the page offers the resend form empty.
    expect(await confirmLoader(loaderArgs(`/confirm/${token}`, { token }))).toEqual({ status: "expired" });
    await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    expect((await prisma.pledge.findFirstOrThrow()).confirmedAt).toBeNull();
  });

  test("an unknown token confirms nothing", async () => {
    expect((await confirmLoader(loaderArgs("/confirm/nope", { token: "nope" }))).status).toBe("invalid");
  });

  test("signing the same pledge again after confirming changes nothing and sends nothing", async () => {
    await pledge();
    const token = await confirmTokenFor(validPledge.email);
    await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    const messages = await prisma.emailMessage.count();
    await pledge({ ...validPledge, name: "Someone Else" });
    expect(await prisma.emailMessage.count()).toBe(messages);
    expect((await prisma.pledge.findFirstOrThrow()).name).toBe("Jane Smith");
    expect((await getTally()).total).toBe(1);
  });
});

describe("sending the email again", () => {
  test("sends a new link and the old one stops working", async () => {
    await pledge();
    const first = await confirmTokenFor(validPledge.email);
    const response = await settle(() =>
      resendAction(actionArgs("/pledge/resend", { email: "Jane.Smith@example.org" }, { ip: freshIp() })),
    );
    expect((response as Response).headers.get("Location")).toBe("/pledge/sent?resent=1");
    // The worker sends it (the page only queues it, so its timing tells nothing).
    await processConfirmationResends();
    const second = await confirmTokenFor(validPledge.email);
    expect(second).not.toBe(first);
    expect((await confirmLoader(loaderArgs(`/confirm/${first}`, { token: first }))).status).toBe("invalid");
    expect((await confirmLoader(loaderArgs(`/confirm/${second}`, { token: second }))).status).toBe("pending");
  });

  test("is rate limited per address, whichever connection asks", async () => {
    const email = "limited@example.org";
    await pledge({ ...validPledge, email });
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push(
        status(await settle(() => resendAction(actionArgs("/pledge/resend", { email }, { ip: freshIp() })))),
      );
    expect(statuses).toEqual([302, 302, 302, 429]);
  });

  test("a malformed address gets a 400 with a message", async () => {
    const result = await settle(() => resendAction(actionArgs("/pledge/resend", { email: "nope" }, { ip: freshIp() })));
    expect(status(result)).toBe(400);
  });
});

describe("what the public sees", () => {
  test("unconfirmed pledges appear nowhere public; confirmed ones appear on the wall and their own page", async () => {
    await pledge();
    const stored = await prisma.pledge.findFirstOrThrow();
    expect((await wallLoader(loaderArgs("/pledges"))).total).toBe(0);
    const hidden = await settle(() => pledgePageLoader(loaderArgs(`/pledges/${stored.id}`, { id: stored.id })));
    expect((hidden as Response).status).toBe(404);

    const token = await confirmTokenFor(validPledge.email);
    await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    const wall = await wallLoader(loaderArgs("/pledges"));
    expect(wall.total).toBe(1);
    expect(wall.pledges[0]).toMatchObject({
      displayName: "Jane S.",
      commitment: "I will treat everyone I meet with respect and without judgement.",
    });
    expect(JSON.stringify(wall)).not.toContain("example.org");
    expect(JSON.stringify(wall)).not.toContain("M5 4WT");
    const page = await pledgePageLoader(loaderArgs(`/pledges/${stored.id}`, { id: stored.id }));
    expect(page.pledge.id).toBe(stored.id);
  });

  test("the wall filters by quality and ward and pages by 20", async () => {
    const ward = await prisma.ward.findFirstOrThrow({ where: { slug: "ordsall" } });
    const other = await prisma.ward.findFirstOrThrow({ where: { slug: "eccles" } });
    const rows = Array.from({ length: 25 }, (_, i) => ({
      id: crypto.randomUUID(),
      name: `Person ${i}`,
      nameDisplay: "full",
      email: `p${i}@example.org`,
      emailNormalised: `p${i}@example.org`,
      postcode: "M5 4WT",
      wardCode: i < 21 ? ward.code : other.code,
      qualities: i % 2 ? ["delivery"] : ["values"],
      commitment: `I will do thing number ${i}`,
      commitmentKey: `i will do thing number ${i}`,
      nudgeConsent: true,
      newsConsent: false,
      confirmedAt: new Date(Date.now() - i * 60_000),
    }));
    await prisma.pledge.createMany({ data: rows });
    const first = await wallLoader(loaderArgs("/pledges"));
    expect(first.pledges).toHaveLength(20);
    expect(first.pledges[0]!.displayName).toBe("Person 0");
    expect(first.pages).toBe(2);
    expect((await wallLoader(loaderArgs("/pledges?page=2"))).pledges).toHaveLength(5);
    expect((await wallLoader(loaderArgs("/pledges?quality=delivery"))).total).toBe(12);
    expect((await wallLoader(loaderArgs("/pledges?ward=ordsall"))).total).toBe(21);
    expect((await wallLoader(loaderArgs("/pledges?ward=ordsall&quality=values"))).total).toBe(11);
    // Four pledges in one ward would be an exact count below 5: neither the number nor the list shows.
    const few = await wallLoader(loaderArgs("/pledges?ward=eccles"));
    expect(few).toMatchObject({ fewerThan5: true, total: 0, pledges: [] });
    // Nonsense in the query string is ignored, not a 500.
    expect((await wallLoader(loaderArgs("/pledges?quality=<script>&page=-4&ward=nowhere"))).total).toBe(25);
  });
});

test("unconfirmed pledges older than 7 days are purged; confirmed and recent ones stay", async () => {
  await pledge({ ...validPledge, email: "old@example.org" });
  await pledge({ ...validPledge, email: "new@example.org" });
  await pledge({ ...validPledge, email: "kept@example.org" });
  const token = await confirmTokenFor("kept@example.org");
  await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
  const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
  await prisma.pledge.updateMany({
    where: { email: { in: ["old@example.org", "kept@example.org"] } },
    data: { createdAt: eightDaysAgo },
  });
  expect(await purgeUnconfirmedPledges()).toBe(1);
  expect((await prisma.pledge.findMany({ orderBy: { email: "asc" } })).map((p) => p.email)).toEqual([
    "kept@example.org",
    "new@example.org",
  ]);
});

describe("managing your pledges once signed in", () => {
  async function confirmedPledge(email: string) {
    await pledge({ ...validPledge, email });
    const token = await confirmTokenFor(email);
    await confirmAction(actionArgs(`/confirm/${token}`, {}, { params: { token } }));
    return prisma.pledge.findFirstOrThrow({ where: { email } });
  }
  const accountCall = (cookie: string, form: Record<string, string>) =>
    settle(() => accountAction({ request: request("/account", cookie, form), params: {}, context: { clientIp: "x" } }));

  test("withdrawing takes the pledge off the wall and the tally down by one; only its pledger can", async () => {
    const mine = await confirmedPledge("keeper@example.org");
    const before = (await getTally()).total;
    const stranger = await signedIn("stranger@example.org");
    expect(((await accountCall(stranger.cookie, { intent: "withdraw", pledgeId: mine.id })) as Response).status).toBe(
      404,
    );
    expect((await getTally()).total).toBe(before);

    // Signing in with another spelling of the same inbox finds the pledge.
    const owner = await signedIn("Keeper@Example.org");
    expect(
      ((await accountCall(owner.cookie, { intent: "withdraw", pledgeId: mine.id })) as Response).headers.get(
        "Location",
      ),
    ).toBe("/account?withdrawn=1");
    expect((await getTally()).total).toBe(before - 1);
    expect((await wallLoader(loaderArgs("/pledges"))).pledges.map((p) => p.id)).not.toContain(mine.id);
    // Withdrawing twice does not take two off.
    await accountCall(owner.cookie, { intent: "withdraw", pledgeId: mine.id });
    expect((await getTally()).total).toBe(before - 1);
  });

  test("editing the words and marking done", async () => {
    const mine = await confirmedPledge("editor-pledger@example.org");
    const { cookie } = await signedIn("editor-pledger@example.org");
    const short = await accountCall(cookie, { intent: "edit", pledgeId: mine.id, commitment: "short" });
    expect((short as { init: { status: number } }).init.status).toBe(400);
    await accountCall(cookie, {
      intent: "edit",
      pledgeId: mine.id,
      commitment: "I will cook a meal for a neighbour each month.",
    });
    await accountCall(cookie, { intent: "done", pledgeId: mine.id });
    const stored = await prisma.pledge.findUniqueOrThrow({ where: { id: mine.id } });
    expect(stored.commitment).toBe("I will cook a meal for a neighbour each month.");
    expect(stored.doneAt).not.toBeNull();
  });
});
