/**
 * The second factor of admins and moderators, through the routes' loaders and
 * actions against the test database: after the email link their session acts
 * as a resident's until a code from their authenticator app (or a recovery
 * code, once) is entered; each code works once; codes are refused after a few
 * tries a minute.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { prisma } from "~/utils/db.server";
import { changeRole } from "~/models/people.server";
import { getEnv } from "~/utils/env.server";
import { getSessionIdHash, getUser } from "~/guards/session.server";
import { resetSecondFactor } from "~/models/two-factor.server";
import { createOrganisation, request, signedIn } from "../../tests/accounts";
import { createEvent } from "../../tests/events";
import { settle } from "../../tests/helpers";
import { currentStep, totpCode } from "../../tests/totp";
import { loader as adminLoader } from "./admin._index";
import { loader as adminOrganisationsLoader } from "./admin.organisations";
import { loader as eventManageLoader } from "./events.$id.manage";
import { loader as organisationManageLoader } from "./organisations.$slug.manage";
import { action as twoFactorAction, loader as twoFactorLoader } from "./login.two-factor";
import { action as setupAction, loader as setupLoader } from "./account.two-factor.setup";
import { action as manageAction, loader as manageLoader } from "./account.two-factor._index";
import { action as tokenAction } from "./login.$token";
import { requestLogin } from "~/models/user.server";
import { hashToken } from "~/utils/token.server";

const context = { clientIp: "203.0.113.9" };

// The clock stands still in the middle of a 30-second step, so "this step's code" and "the one
// before" mean the same thing to the test and to the site however long a test takes.
beforeEach(() => {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"], now: (currentStep() + 1) * 30_000 + 15_000 + (now % 1000) });
});
afterEach(() => {
  vi.useRealTimers();
});
let n = 0;
const address = (label: string) => `${label}-${++n}-${randomUUID().slice(0, 8)}@example.org`;

const get = (path: string, cookie: string, params: Record<string, string> = {}) => ({
  request: request(path, cookie),
  params,
  context,
});
const post = (path: string, cookie: string, form: Record<string, string>) => ({
  request: request(path, cookie, form),
  params: {},
  context,
});

/** A secret in the format the site stores (base32). */
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** An admin (or moderator) with an authenticator app set up, and a session straight from the email link. */
async function pendingWithApp(role: "admin" | "moderator" = "admin") {
  const session = await signedIn(address(role), role, { secondFactor: "pending" });
  await prisma.user.update({
    where: { id: session.user.id },
    data: { totpSecret: SECRET, totpEnabledAt: new Date() },
  });
  return session;
}

/** Another session of the same person, as from a second email link. */
async function anotherSession(email: string, role: "admin" | "moderator") {
  return signedIn(email, role, { secondFactor: "pending" });
}

async function secondFactorAt(cookie: string) {
  const idHash = await getSessionIdHash(request("/", cookie));
  return (await prisma.session.findUniqueOrThrow({ where: { idHash: idHash! } })).secondFactorAt;
}

const enterCode = (cookie: string, code: string, redirectTo = "/admin") =>
  settle(() => twoFactorAction(post(`/login/two-factor?${new URLSearchParams({ redirectTo })}`, cookie, { code })));

async function expectRefused(result: unknown, message: RegExp) {
  expect(result).toMatchObject({ init: { status: 400 } });
  const reply = (result as { data: { error: Record<string, string[]> } }).data;
  expect(reply.error.code?.join(" ")).toMatch(message);
}

function expectRedirect(result: unknown, location: string | RegExp) {
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toMatch(location);
}

describe("after the email link", () => {
  test("an admin is sent on to the second step (to set up the app if they have none), a resident is signed in", async () => {
    for (const [role, path] of [
      ["admin", "/account/two-factor/setup?redirectTo=%2Fadmin"],
      ["moderator", "/login/two-factor?redirectTo=%2Fadmin"],
      ["resident", "/admin"],
    ] as const) {
      const email = address(`link-${role}`);
      await prisma.user.create({
        data: {
          id: randomUUID(),
          email,
          emailNormalised: email,
          role,
          ...(role === "moderator" ? { totpSecret: SECRET, totpEnabledAt: new Date() } : {}),
        },
      });
      await requestLogin(email, "/admin");
      const message = await prisma.emailMessage.findFirstOrThrow({
        where: { toAddress: email, template: "magic-link" },
      });
      const token = (message.props as { signInUrl: string }).signInUrl.split("/login/")[1]!;
      expect(await prisma.loginToken.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
      const response = await tokenAction({
        request: request(`/login/${token}`, undefined, {}),
        params: { token },
        context,
      });
      expect(response.headers.get("Location")).toBe(path);
      expect(response.headers.get("Set-Cookie")).toMatch(/ssvc_session=/);
    }
  });

  test("an admin who has not passed it acts as a resident everywhere: no admin pages, organisations or events", async () => {
    const { cookie, user } = await signedIn(address("pending"), "admin", { secondFactor: "pending" });
    expect(await getUser(request("/", cookie))).toMatchObject({
      id: user.id,
      role: "resident",
      secondFactorPending: "admin",
      totpEnabled: false,
    });
    // Sent to set up the app, and brought back after.
    expectRedirect(
      await settle(() => adminOrganisationsLoader(get("/admin/organisations", cookie))),
      "/account/two-factor/setup?redirectTo=%2Fadmin%2Forganisations",
    );
    const organisation = await createOrganisation(`pending-admin-${randomUUID().slice(0, 8)}`);
    const forbidden = await settle(() =>
      organisationManageLoader(get(`/organisations/${organisation.slug}/manage`, cookie, { slug: organisation.slug })),
    );
    expect((forbidden as Response).status).toBe(403);
    const event = await createEvent({ organisationId: null });
    const notOrganiser = await settle(() =>
      eventManageLoader(get(`/events/${event.id}/manage`, cookie, { id: event.id })),
    );
    expect((notOrganiser as Response).status).toBe(403);

    // The same person past the second step may do all three.
    const passed = await signedIn(user.email, "admin");
    await expect(adminOrganisationsLoader(get("/admin/organisations", passed.cookie))).resolves.toBeTruthy();
    await expect(
      organisationManageLoader(
        get(`/organisations/${organisation.slug}/manage`, passed.cookie, { slug: organisation.slug }),
      ),
    ).resolves.toMatchObject({ role: "admin" });
    await expect(
      eventManageLoader(get(`/events/${event.id}/manage`, passed.cookie, { id: event.id })),
    ).resolves.toBeTruthy();
  });

  test("an admin with the app is sent to enter a code; a resident never is, and neither is someone whose role was taken away", async () => {
    const { cookie } = await pendingWithApp("moderator");
    expectRedirect(await settle(() => adminLoader(get("/admin", cookie))), "/login/two-factor?redirectTo=%2Fadmin");

    const resident = await signedIn(address("resident"));
    expect(((await settle(() => adminLoader(get("/admin", resident.cookie)))) as Response).status).toBe(403);
    expectRedirect(await settle(() => twoFactorLoader(get("/login/two-factor", resident.cookie))), "/account");

    // A former moderator whose session never passed: a resident, nothing to pass.
    const former = await pendingWithApp("moderator");
    await prisma.user.update({ where: { id: former.user.id }, data: { role: "resident" } });
    expect(await getUser(request("/", former.cookie))).toMatchObject({ role: "resident", secondFactorPending: null });
    expect(((await settle(() => adminLoader(get("/admin", former.cookie)))) as Response).status).toBe(403);
  });
});

describe("POST /login/two-factor", () => {
  test("the app's current code passes the second step: the session is marked and /admin opens", async () => {
    const { cookie, user } = await pendingWithApp();
    expectRedirect(await enterCode(cookie, totpCode(SECRET), "/admin/organisations"), "/admin/organisations");
    expect(await secondFactorAt(cookie)).toBeInstanceOf(Date);
    expect(await getUser(request("/", cookie))).toMatchObject({ role: "admin", secondFactorPending: null });
    await expect(adminLoader(get("/admin", cookie))).resolves.toMatchObject({ role: "admin" });
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { actorId: user.id, action: "two-factor.sign-in" },
    });
    expect(entry.actorRole).toBe("admin");
  });

  test("a wrong code is refused with a message at the field, and the session stays a resident's", async () => {
    const { cookie } = await pendingWithApp();
    const current = totpCode(SECRET);
    const wrong = String((Number(current) + 1) % 1_000_000).padStart(6, "0");
    await expectRefused(await enterCode(cookie, wrong), /not right/);
    await expectRefused(await enterCode(cookie, ""), /Enter the 6-digit code/);
    await expectRefused(await enterCode(cookie, "x".repeat(41)), /6 digits/);
    expect(await secondFactorAt(cookie)).toBeNull();
    expectRedirect(await settle(() => adminLoader(get("/admin", cookie))), "/login/two-factor");
  });

  test("a code works once: the same code in another session is refused, and so is an older one", async () => {
    const first = await pendingWithApp();
    const step = currentStep();
    expectRedirect(await enterCode(first.cookie, totpCode(SECRET, step)), "/admin");

    const second = await anotherSession(first.user.email, "admin");
    await expectRefused(await enterCode(second.cookie, totpCode(SECRET, step)), /used already/);
    // The step before is within the window for a slow phone, but earlier than the one used.
    await expectRefused(await enterCode(second.cookie, totpCode(SECRET, step - 1)), /used already/);
    expect(await secondFactorAt(second.cookie)).toBeNull();
    // The next step's code (the phone a little ahead) still works.
    expectRedirect(await enterCode(second.cookie, totpCode(SECRET, step + 1)), "/admin");

    // A code from two minutes ago is outside the window: wrong, whoever has used what.
    const third = await pendingWithApp();
    await expectRefused(await enterCode(third.cookie, totpCode(SECRET, currentStep() - 4)), /not right/);
  });

  test("a recovery code passes once and is marked used; a second time it is refused", async () => {
    const { cookie, user } = await signedIn(address("recovery"), "moderator", { secondFactor: "pending" });
    // Set up through the page, to get the codes as the person sees them.
    const { secret } = (await setupLoader(get("/account/two-factor/setup", cookie))) as { secret: string };
    const made = (await setupAction(
      post("/account/two-factor/setup", cookie, { code: totpCode(secret.replace(/ /g, "")) }),
    )) as {
      recoveryCodes: string[];
    };
    expect(made.recoveryCodes).toHaveLength(10);

    const later = await anotherSession(user.email, "moderator");
    const code = made.recoveryCodes[3]!;
    expectRedirect(await enterCode(later.cookie, code.toUpperCase()), "/admin");
    expect(await secondFactorAt(later.cookie)).toBeInstanceOf(Date);
    expect(await prisma.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);

    const again = await anotherSession(user.email, "moderator");
    await expectRefused(await enterCode(again.cookie, code), /not right/);
    expect(await secondFactorAt(again.cookie)).toBeNull();
  });

  test(`after ${getEnv().RATE_LIMIT_LOGIN} codes a minute, the next is refused with 429 before it is checked`, async () => {
    const { cookie } = await pendingWithApp();
    for (let i = 0; i < getEnv().RATE_LIMIT_LOGIN; i++)
      await expectRefused(await enterCode(cookie, "000000x"), /not right/);
    const limited = (await enterCode(cookie, totpCode(SECRET))) as Response;
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await secondFactorAt(cookie)).toBeNull();
  });
});

describe("/account/two-factor/setup", () => {
  test("shows a QR code and the key; a wrong first code is refused; the right one turns it on, marks the session and shows ten codes once", async () => {
    const { cookie, user } = await signedIn(address("setup"), "admin", { secondFactor: "pending" });
    const page = (await setupLoader(get("/account/two-factor/setup?redirectTo=%2Fadmin", cookie))) as {
      secret: string;
      qrSvg: string;
    };
    expect(page.qrSvg).toMatch(/^<svg class="qr-code"/);
    const secret = page.secret;
    // Reloading shows the same key (the app scanned before the reload still matches).
    expect(((await setupLoader(get("/account/two-factor/setup", cookie))) as { secret: string }).secret).toBe(secret);

    const current = totpCode(secret);
    const wrongCode = String((Number(current) + 1) % 1_000_000).padStart(6, "0");
    const wrong = (await setupAction(post("/account/two-factor/setup", cookie, { code: wrongCode }))) as {
      init: { status: number };
      data: { reply: { error: Record<string, string[]> } };
    };
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.reply.error.code).toEqual([expect.stringMatching(/not right/)]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();

    const done = (await setupAction(
      post("/account/two-factor/setup?redirectTo=%2Fadmin", cookie, { code: totpCode(secret) }),
    )) as { recoveryCodes: string[]; continueTo: string };
    expect(done.continueTo).toBe("/admin");
    expect(new Set(done.recoveryCodes).size).toBe(10);
    for (const code of done.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await prisma.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    // Only hashes are kept.
    expect(stored.map((r) => r.codeHash)).not.toContain(done.recoveryCodes[0]);
    expect(await secondFactorAt(cookie)).toBeInstanceOf(Date);
    await expect(adminLoader(get("/admin", cookie))).resolves.toMatchObject({ role: "admin" });
    // Set up: the page no longer shows a key.
    expect(await setupLoader(get("/account/two-factor/setup", cookie))).toMatchObject({ setUp: true, secret: "" });
  });

  test("a resident has nothing to set up", async () => {
    const { cookie } = await signedIn(address("resident-setup"));
    expectRedirect(await settle(() => setupLoader(get("/account/two-factor/setup", cookie))), "/account/two-factor");
    expect(await manageLoader(get("/account/two-factor", cookie))).toMatchObject({ required: false });
    expect(
      (await settle(() =>
        manageAction(post("/account/two-factor", cookie, { intent: "recovery-codes", code: "123456" })),
      )) as Response,
    ).toMatchObject({ status: 403 });
  });
});

describe("/account/two-factor", () => {
  test("new recovery codes need a current code; the old ones stop working", async () => {
    const { cookie, user } = await pendingWithApp();
    expectRedirect(await settle(() => manageLoader(get("/account/two-factor", cookie))), "/login/two-factor");
    const step = currentStep();
    expectRedirect(await enterCode(cookie, totpCode(SECRET, step)), "/admin");
    expect(await manageLoader(get("/account/two-factor", cookie))).toMatchObject({
      required: true,
      recoveryCodesLeft: 0,
    });

    const refused = (await manageAction(
      post("/account/two-factor", cookie, { intent: "recovery-codes", code: totpCode(SECRET, step) }),
    )) as { init: { status: number }; data: { reply: { error: Record<string, string[]> } } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.reply.error.code).toEqual([expect.stringMatching(/used already/)]);

    const made = (await manageAction(
      post("/account/two-factor", cookie, { intent: "recovery-codes", code: totpCode(SECRET, step + 1) }),
    )) as { recoveryCodes: string[] };
    expect(made.recoveryCodes).toHaveLength(10);
    expect(await manageLoader(get("/account/two-factor", cookie))).toMatchObject({ recoveryCodesLeft: 10 });
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
  });

  test("moving to a new phone needs a current code, then sets up a new key while this session carries on, and ends the others", async () => {
    const { cookie, user } = await signedIn(address("new-phone"), "admin");
    await prisma.user.update({ where: { id: user.id }, data: { totpSecret: SECRET, totpEnabledAt: new Date() } });
    // Another session, opened by the email link alone: it must not be able to set up the new app.
    const other = await signedIn(user.email, "admin", { secondFactor: "pending" });
    const wrong = (await manageAction(
      post("/account/two-factor", cookie, { intent: "new-phone", code: "000000" }),
    )) as {
      init: { status: number };
    };
    expect(wrong.init.status).toBe(400);
    expectRedirect(
      await manageAction(post("/account/two-factor", cookie, { intent: "new-phone", code: totpCode(SECRET) })),
      "/account/two-factor/setup?redirectTo=%2Faccount%2Ftwo-factor",
    );
    const { secret } = (await setupLoader(get("/account/two-factor/setup", cookie))) as { secret: string };
    expect(secret).not.toBe(SECRET);
    await expect(adminLoader(get("/admin", cookie))).resolves.toBeTruthy();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expectRedirect(await settle(() => setupLoader(get("/account/two-factor/setup", other.cookie))), /^\/login/);
  });

  test("a role given again after it was taken away needs the second step again, even in a session that passed it", async () => {
    const { cookie, user } = await signedIn(address("regranted"), "admin");
    const { user: other } = await signedIn(address("regranting"), "admin");
    const actor = { id: other.id, email: other.email, role: "admin" };
    await changeRole(actor, user.email, "resident");
    await changeRole(actor, user.email, "admin");
    const answer = await settle(() => adminLoader(get("/admin", cookie)));
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).headers.get("Location")).toMatch(/^\/account\/two-factor\/setup/);
  });
});

describe("resetting someone's second step (a lost phone)", () => {
  test("removes the app and the recovery codes and ends their sessions; the next sign-in sets up a new app", async () => {
    const { cookie, user } = await pendingWithApp();
    expectRedirect(await enterCode(cookie, totpCode(SECRET)), "/admin");
    const admin = await signedIn(address("resetter"), "admin");
    const result = await resetSecondFactor({ ...admin.user }, user.email.toUpperCase());
    expect(result).toMatchObject({ status: "reset", wasSetUp: true, sessionsEnded: 1 });
    expect(await getUser(request("/", cookie))).toBeNull();
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "two-factor.reset", subjectId: user.id },
    });
    expect(entry.actorEmail).toBe(admin.user.email);

    const next = await signedIn(user.email, "admin", { secondFactor: "pending" });
    expectRedirect(await settle(() => adminLoader(get("/admin", next.cookie))), "/account/two-factor/setup");
    expect(await resetSecondFactor(null, "nobody@example.org")).toEqual({ status: "no-user" });
  });
});
