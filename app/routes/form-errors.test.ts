// Each form answers a mistake with 400 and the message at the field it is about
// (Conform's reply, which the page renders beside that field, with or without
// JavaScript), and changes nothing.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { checkInUrl } from "~/models/nudge.server";
import { preferencesUrl } from "~/models/email-preferences.server";
import { prisma } from "~/utils/db.server";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { actionArgs, createConfirmedPledge, freshIp, settle } from "../../tests/helpers";
import { action as accountAction } from "./account._index";
import { action as adminOrganisationsAction } from "./admin.organisations";
import { action as checkInAction } from "./check-in.$token";
import { action as loginAction } from "./login._index";
import { action as manageAction } from "./organisations.$slug.manage";
import { action as registerAction } from "./organisations.new";
import { action as resendAction } from "./pledge.resend";
import { action as preferencesAction } from "./preferences.$token";

type Answer = { init?: { status?: number }; data?: unknown };

/** The status and the field errors of an action's 400 answer. */
function refusal(result: unknown, wrapped = false) {
  const answer = result as Answer;
  const reply = (wrapped ? (answer.data as { reply: unknown }).reply : answer.data) as {
    error?: Record<string, string[]>;
  };
  return { status: answer.init?.status, error: reply.error ?? {} };
}

const post = (path: string, cookie: string, form: Record<string, string>, params: Record<string, string> = {}) =>
  settle<unknown>(() => {
    const args = { request: request(path, cookie, form), params, context: { clientIp: freshIp() } };
    if (path === "/account") return accountAction(args);
    if (path === "/admin/organisations") return adminOrganisationsAction(args);
    if (path.endsWith("/manage")) return manageAction(args);
    return registerAction(args);
  });

describe("signing in and sending the confirmation again", () => {
  test("an address that is not one is refused at the email field, and nothing is sent", async () => {
    for (const call of [loginAction, resendAction]) {
      const result = await settle(() => call(actionArgs("/login", { email: "not an address" }, { ip: freshIp() })));
      expect(refusal(result)).toEqual({
        status: 400,
        error: { email: ["Enter an email address like name@example.com"] },
      });
      const empty = await settle(() => call(actionArgs("/login", { email: "  " }, { ip: freshIp() })));
      expect(refusal(empty).error.email?.[0]).toBe("Enter your email address");
    }
    expect(await prisma.loginToken.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
  });
});

describe("the account page", () => {
  test("words that are too short are refused at that pledge's words field, and the pledge keeps its words", async () => {
    const email = `words-${randomUUID().slice(0, 8)}@example.org`;
    const pledge = await createConfirmedPledge({
      name: "Jo Bloggs",
      email,
      commitment: "I will learn my neighbours' names.",
    });
    const { cookie } = await signedIn(email);
    const result = await post("/account", cookie, { intent: "edit", pledgeId: pledge.id, commitment: "short" });
    expect(refusal(result, true)).toEqual({
      status: 400,
      error: { commitment: ["Write your commitment in at least 10 characters"] },
    });
    expect((result as { data: { pledgeId: string } }).data.pledgeId).toBe(pledge.id);
    expect((await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).commitment).toBe(
      "I will learn my neighbours' names.",
    );
  });
});

describe("organisations", () => {
  let owner = "";
  let admin = "";
  const slug = `form-errors-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    const organisation = await createOrganisation(slug, "pending");
    const signedInOwner = await signedIn(`owner-${slug}@example.org`);
    await prisma.membership.create({
      data: { userId: signedInOwner.user.id, organisationId: organisation.id, role: "owner" },
    });
    owner = signedInOwner.cookie;
    admin = (await signedIn(`admin-${slug}@example.org`, "admin")).cookie;
  });

  test("registering with a postcode outside Salford says so at the postcode, as the pledge form does", async () => {
    const result = await post("/organisations/new", owner, {
      name: "Elsewhere Trust",
      sector: "charity",
      address: "1 Deansgate, Manchester",
      postcode: "m1 1ad",
      contactEmail: "trust@example.org",
      description: "We do good things, though not in Salford.",
    });
    expect(refusal(result)).toEqual({
      status: 400,
      error: { postcode: ["M1 1AD is not in Salford. Use a postcode in Salford, like M5 4WT"] },
    });
    expect(await prisma.organisation.count({ where: { name: "Elsewhere Trust" } })).toBe(0);
  });

  test("an invitation to an address that is not one is refused at the invitation's email field", async () => {
    const result = await post(
      `/organisations/${slug}/manage`,
      owner,
      { intent: "invite", email: "colleague at example" },
      { slug },
    );
    expect(refusal(result, true)).toEqual({
      status: 400,
      error: { email: ["Enter an email address like name@example.com"] },
    });
    expect((result as { data: { intent: string } }).data.intent).toBe("invite");
  });

  test("rejecting without a reason is refused at that organisation's reason field, and it stays pending", async () => {
    const organisation = await prisma.organisation.findUniqueOrThrow({ where: { slug } });
    const result = await post("/admin/organisations", admin, {
      decision: "reject",
      organisationId: organisation.id,
      reason: "",
    });
    expect(refusal(result, true)).toEqual({
      status: 400,
      error: { reason: ["Give the reason for rejecting, in a sentence: it is emailed to them"] },
    });
    expect((result as { data: { organisationId: string } }).data.organisationId).toBe(organisation.id);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { slug } })).status).toBe("pending");
  });
});

describe("email links", () => {
  test("changing a pledge at check-in without new words is refused at the words field, and nothing is recorded", async () => {
    const pledge = await createConfirmedPledge({
      name: "Sam Lee",
      email: `check-in-${randomUUID().slice(0, 8)}@example.org`,
      commitment: "I will shop at the market weekly.",
    });
    const token = new URL(checkInUrl(pledge.id, "change")).pathname.split("/").at(-1)!;
    const result = await settle(() =>
      checkInAction(actionArgs(`/check-in/${token}`, { choice: "change", newWords: "" }, { params: { token } })),
    );
    expect(refusal(result)).toEqual({
      status: 400,
      error: { newWords: ["Write your commitment in at least 10 characters"] },
    });
    const nothing = await settle(() => checkInAction(actionArgs(`/check-in/${token}`, {}, { params: { token } })));
    expect(refusal(nothing).error.choice).toEqual(["Choose how it is going"]);
    expect(await prisma.checkIn.count({ where: { pledgeId: pledge.id } })).toBe(0);
  });

  test("the email choices take a ticked box or none; anything else is refused at that box", async () => {
    const email = `choices-${randomUUID().slice(0, 8)}@example.org`;
    const token = new URL(preferencesUrl(email)).pathname.split("/").at(-1)!;
    const result = await settle(() =>
      preferencesAction(actionArgs(`/preferences/${token}`, { nudges: "yes please" }, { params: { token } })),
    );
    expect(refusal(result)).toEqual({ status: 400, error: { nudges: ["Tick the box or leave it empty"] } });
  });
});
