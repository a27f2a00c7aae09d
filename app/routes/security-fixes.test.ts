/**
 * Regression tests for the hostile-input findings: each failed before its fix.
 * (Broader random input is in hostile-input.test.ts.)
 */
import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { beforeAll, describe, expect, test } from "vitest";
import { processConfirmationResends } from "~/models/pledge-confirmation.server";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { createCommitment, createOrganisation, request, signedIn } from "../../tests/accounts";
import { actionArgs, confirmTokenFor, freshIp, loaderArgs, settle, validPledge } from "../../tests/helpers";
import { action as progressAction } from "./organisations.$slug.commitments.$id.progress";
import { action as commitmentAction } from "./organisations.$slug.commitments.new";
import { action as confirmAction, loader as confirmLoader } from "./confirm.$token";
import { action as loginAction, loader as loginLoader } from "./login._index";
import { action as pledgeAction } from "./pledge._index";
import { action as resendAction } from "./pledge.resend";
import { action as webhookAction } from "./webhooks.resend";

function status(result: unknown) {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}
/** The field errors Conform sends back with a 400. */
function fieldErrors(result: unknown) {
  return ((result as { data?: { error?: Record<string, string[]> } }).data?.error ?? {}) as Record<string, string[]>;
}

describe("hostile form bodies are refused before parsing", () => {
  test("the pledge form answers qualities[999999999] with 400 instead of running out of memory", async () => {
    const result = await settle(() =>
      pledgeAction(actionArgs("/pledge", { ...validPledge, "qualities[999999999]": "values" }, { ip: freshIp() })),
    );
    expect(status(result)).toBe(400);
    expect(await prisma.pledge.count({ where: { email: validPledge.email } })).toBe(0);
  });

  test("a NUL in the pledger's name is a 400 saying so, and nothing is stored", async () => {
    const result = await settle(() =>
      pledgeAction(actionArgs("/pledge", { ...validPledge, name: "Jane\u0000Smith" }, { ip: freshIp() })),
    );
    expect(status(result)).toBe(400);
    expect(await (result as Response).text()).toMatch(/character we cannot accept/);
    expect(await prisma.pledge.count({ where: { email: validPledge.email } })).toBe(0);
  });
});

describe("dates outside what PostgreSQL stores are a 400 with the message at the field", () => {
  let cookie = "";
  let commitmentId = "";
  const slug = "dates-org";

  beforeAll(async () => {
    const org = await createOrganisation(slug);
    const owner = await signedIn("dates-owner@example.org");
    cookie = owner.cookie;
    await prisma.membership.create({ data: { userId: owner.user.id, organisationId: org.id, role: "owner" } });
    commitmentId = randomUUID();
    await createCommitment(org.id, { id: commitmentId });
  });

  test("a pledge's target date of +275760-09-13", async () => {
    const result = await settle(() =>
      pledgeAction(actionArgs("/pledge", { ...validPledge, targetDate: "+275760-09-13" }, { ip: freshIp() })),
    );
    expect(status(result)).toBe(400);
    expect(fieldErrors(result).targetDate).toEqual(["Enter a date no later than 31 December 2100"]);
    // The last day allowed is fine.
    const last = await settle(() =>
      pledgeAction(actionArgs("/pledge", { ...validPledge, targetDate: "2100-12-31" }, { ip: freshIp() })),
    );
    expect(status(last)).toBe(302);
  });

  test("a commitment's target date far in the future or the past", async () => {
    const commitment = {
      quality: "values",
      title: "Pay the real living wage",
      measure: "staff paid it",
      targetKind: "yesno",
    };
    for (const [targetDate, message] of [
      ["+275760-09-13", "Enter a date no later than 31 December 2100"],
      ["-271821-04-20", "Enter a date from 1 January 2000"],
    ]) {
      const call = () =>
        commitmentAction({
          request: request(`/organisations/${slug}/commitments/new`, cookie, {
            ...commitment,
            targetDate: targetDate!,
          }),
          params: { slug },
          context: { clientIp: "203.0.113.9" },
        });
      const result = await settle(call);
      expect(status(result)).toBe(400);
      expect(fieldErrors(result).targetDate).toEqual([message]);
    }
  });

  test("a progress report's date", async () => {
    const result = await settle(() =>
      progressAction({
        request: request(`/organisations/${slug}/commitments/${commitmentId}/progress`, cookie, {
          value: "3",
          story: "We held three meetings this spring.",
          reportedOn: "+275760-09-13",
        }),
        params: { slug, id: commitmentId },
        context: { clientIp: "203.0.113.9" },
      }),
    );
    expect(status(result)).toBe(400);
    expect(fieldErrors(result).reportedOn).toEqual(["Enter a date no later than 31 December 2100"]);
  });
});

describe("sign-in never redirects off the site, and stores only a short local path", () => {
  test("a long or hostile redirectTo is stored as the default", async () => {
    for (const [i, redirectTo] of [
      `/${"a".repeat(10_000)}`,
      "/\t/example.org",
      "/\u3000x",
      "/\r\nSet-Cookie: a=b",
    ].entries()) {
      const email = `redirect-${i}@example.org`;
      const result = await settle(() => loginAction(actionArgs("/login", { email, redirectTo }, { ip: freshIp() })));
      expect(status(result)).toBe(302);
      expect((await prisma.loginToken.findFirstOrThrow({ where: { email } })).redirectTo).toBe("/account");
    }
    const kept = await settle(() =>
      loginAction(
        actionArgs(
          "/login",
          { email: "redirect-ok@example.org", redirectTo: "/organisations/x/manage" },
          { ip: freshIp() },
        ),
      ),
    );
    expect(status(kept)).toBe(302);
    expect((await prisma.loginToken.findFirstOrThrow({ where: { email: "redirect-ok@example.org" } })).redirectTo).toBe(
      "/organisations/x/manage",
    );
  });

  test("a signed-in visitor sent to /login?redirectTo=%2F%09%2Fexample.org stays on the site", async () => {
    const { cookie } = await signedIn("already-in@example.org");
    for (const query of [
      "%2F%09%2Fexample.org",
      "%2F%0D%0ASet-Cookie%3A%20a%3Db",
      "%2F%E3%80%80x",
      "%2F.%2F%2Fexample.org",
    ]) {
      const result = await settle(() =>
        loginLoader({
          request: request(`/login?redirectTo=${query}`, cookie),
          params: {},
          context: { clientIp: "203.0.113.9" },
        }),
      );
      expect(status(result)).toBe(302);
      expect((result as Response).headers.get("Location")).toBe("/account");
    }
  });
});

test("an expired confirmation link does not show whose pledge it was", async () => {
  const email = "expired-link@example.org";
  expect(
    status(await settle(() => pledgeAction(actionArgs("/pledge", { ...validPledge, email }, { ip: freshIp() })))),
  ).toBe(302);
  const token = await confirmTokenFor(email);
  await prisma.pledge.updateMany({ where: { email }, data: { confirmTokenExpiresAt: new Date(Date.now() - 1000) } });
  const state = await confirmLoader(loaderArgs(`/confirm/${token}`, { token }));
  expect(state.status).toBe("expired");
  expect(JSON.stringify(state)).not.toContain("expired-link");
});

test("asking for the confirmation email again does the same work whether or not the address has pledged; the worker sends it", async () => {
  const pending = "resend-pending@example.org";
  const unknown = "resend-unknown@example.org";
  await settle(() => pledgeAction(actionArgs("/pledge", { ...validPledge, email: pending }, { ip: freshIp() })));
  const before = await prisma.emailMessage.count();
  const original = await confirmTokenFor(pending);

  for (const email of [pending, unknown]) {
    const response = await settle(() => resendAction(actionArgs("/pledge/resend", { email }, { ip: freshIp() })));
    expect((response as Response).headers.get("Location")).toBe("/pledge/sent?resent=1");
  }
  // The page only queued both: nothing was looked up or sent while the visitor waited.
  expect(await prisma.emailMessage.count()).toBe(before);
  expect((await prisma.confirmationResendRequest.findMany({ orderBy: { id: "asc" } })).map((r) => r.email)).toEqual([
    pending,
    unknown,
  ]);

  expect(await processConfirmationResends()).toEqual({ requests: 2, emails: 1 });
  expect(await prisma.emailMessage.count()).toBe(before + 1);
  expect(await confirmTokenFor(pending)).not.toBe(original);
  expect(await prisma.emailMessage.count({ where: { toAddress: unknown } })).toBe(0);
  expect(await prisma.confirmationResendRequest.count()).toBe(0);
  // Answered once: a second round sends nothing more.
  expect(await processConfirmationResends()).toEqual({ requests: 0, emails: 0 });
});

test("a link token with NUL or CR/LF is sent back encoded, not as a 500 from the Location header", async () => {
  for (const token of ["\u0000", "a\r\nSet-Cookie: x=y", "../../example.org"]) {
    const result = await settle(() => confirmAction(actionArgs(`/confirm/x`, {}, { params: { token } })));
    expect(status(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/confirm/${encodeURIComponent(token)}`);
  }
});

test("a correctly signed webhook body that is not JSON is a 400, not a 500", async () => {
  const secret = `whsec_${Buffer.from("security-fixes-test-secret-32byt").toString("base64")}`;
  const saved = process.env.RESEND_WEBHOOK_SECRET;
  process.env.RESEND_WEBHOOK_SECRET = secret;
  resetEnvCache();
  try {
    const at = new Date();
    const payload = "{{{";
    const request = new Request("http://localhost:3000/webhooks/resend", {
      method: "POST",
      body: payload,
      headers: {
        "svix-id": "msg_not_json",
        "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
        "svix-signature": new Webhook(secret).sign("msg_not_json", at, payload),
      },
    });
    const result = await settle(() => webhookAction({ request, params: {}, context: { clientIp: "x" } }));
    expect(status(result)).toBe(400);
  } finally {
    if (saved === undefined) delete process.env.RESEND_WEBHOOK_SECRET;
    else process.env.RESEND_WEBHOOK_SECRET = saved;
    resetEnvCache();
  }
});

test("two workers answering the resend queue at once answer each request once", async () => {
  const email = "resend-twice@example.org";
  await settle(() => pledgeAction(actionArgs("/pledge", { ...validPledge, email }, { ip: freshIp() })));
  const before = await prisma.emailMessage.count({ where: { toAddress: email } });
  for (let i = 0; i < 6; i++)
    await settle(() =>
      resendAction(actionArgs("/pledge/resend", { email: i % 2 ? email : email.toUpperCase() }, { ip: freshIp() })),
    );
  // The address limit allows 3 a minute; the ones over it were refused, not queued.
  const queued = await prisma.confirmationResendRequest.count();
  expect(queued).toBe(3);
  const [a, b] = await Promise.all([processConfirmationResends(), processConfirmationResends()]);
  expect(a.requests + b.requests).toBe(queued);
  expect(await prisma.emailMessage.count({ where: { toAddress: email } })).toBe(before + queued);
  expect(await prisma.confirmationResendRequest.count()).toBe(0);
});
