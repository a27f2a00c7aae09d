import { expect, test } from "vitest";
import { request } from "../../tests/accounts";
import { prisma } from "~/utils/db.server";
import { action as loginTokenAction, loader as loginTokenLoader } from "~/routes/login.$token";
import { action as logoutAction } from "~/routes/logout";
import { getUser } from "~/guards/session.server";
import { requestLogin } from "./user.server";

async function tokenFor(email: string) {
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { template: "magic-link", toAddress: email },
    orderBy: { id: "desc" },
  });
  return (message.props as { signInUrl: string }).signInUrl.split("/login/")[1]!;
}
const args = (token: string, cookie?: string) => ({
  request: request(`/login/${token}`, cookie, {}),
  params: { token },
  context: { clientIp: "x" },
});

test("a sign-in link opens a page, signs in only by its POST, once, and sets a session cookie that is only an id", async () => {
  await requestLogin("Sam@Example.org", "/account");
  const token = await tokenFor("Sam@Example.org");
  expect(
    await loginTokenLoader({ request: request(`/login/${token}`), params: { token }, context: { clientIp: "x" } }),
  ).toEqual({
    status: "valid",
    email: "Sam@Example.org",
  });
  expect(await prisma.session.count()).toBe(0);

  const response = await loginTokenAction(args(token));
  expect(response.headers.get("Location")).toBe("/account");
  const cookie = response.headers.get("Set-Cookie")!;
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  // The cookie's value (signed) is a random id and nothing else.
  const signed = decodeURIComponent(cookie.split(";")[0]!.split("=")[1]!);
  const id = JSON.parse(Buffer.from(signed.split(".")[0]!, "base64").toString("utf8")) as string;
  expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const user = await getUser(request("/", cookie.split(";")[0]));
  expect(user).toMatchObject({ email: "Sam@Example.org", role: "resident" });
  // The database keeps the id's hash, not the id.
  expect(JSON.stringify(await prisma.session.findMany())).not.toContain(id);

  const again = await loginTokenAction(args(token));
  expect(again.headers.get("Set-Cookie")).toBeNull();
  expect(again.headers.get("Location")).toBe(`/login/${token}`);
});

test("a sign-in link expires after 15 minutes", async () => {
  await requestLogin("late@example.org", null);
  const token = await tokenFor("late@example.org");
  await prisma.loginToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(
    (await loginTokenLoader({ request: request(`/login/${token}`), params: { token }, context: { clientIp: "x" } }))
      .status,
  ).toBe("expired");
  expect((await loginTokenAction(args(token))).headers.get("Set-Cookie")).toBeNull();
});

test("sign out ends this session; sign out everywhere ends them all", async () => {
  const sessions: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    await requestLogin("multi@example.org", null);
    const response = await loginTokenAction(args(await tokenFor("multi@example.org")));
    sessions.push(response.headers.get("Set-Cookie")!.split(";")[0]!);
  }
  await logoutAction({ request: request("/logout", sessions[0], {}), params: {}, context: { clientIp: "x" } });
  expect(await getUser(request("/", sessions[0]))).toBeNull();
  expect(await getUser(request("/", sessions[1]))).not.toBeNull();
  await logoutAction({
    request: request("/logout", sessions[1], { everywhere: "1" }),
    params: {},
    context: { clientIp: "x" },
  });
  expect(await getUser(request("/", sessions[2]))).toBeNull();
});
