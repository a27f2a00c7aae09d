import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { REDIRECT_MAX, getUser, requireUser, safeRedirect } from "./session.server";
import { request, signedIn } from "../../tests/accounts";

/** Where a browser would end up from this Location header, on our site. */
function destination(location: string) {
  return new URL(location, "https://salfordsocialvalue.org.uk/login");
}

describe("safeRedirect", () => {
  test.each([
    ["/\t/example.org", "the tab that /login?redirectTo=%2F%09%2Fexample.org carried"],
    ["/\n/example.org", "a newline"],
    ["/\r\nSet-Cookie: a=b", "CR/LF, which would split the header"],
    ["/\u3000/example.org", "an ideographic space (a 500 in Location before)"],
    ["/\u00a0x", "a no-break space"],
    ["/\u2028x", "a line separator"],
    ["/\u200bx", "a zero-width space"],
    ["/\u0000x", "NUL"],
    ["/\u007fx", "DEL"],
    ["/\u0085x", "a C1 control"],
    ["//example.org", "a protocol-relative URL"],
    ["/\\example.org", "a backslash"],
    ["/\\/example.org", "slash backslash"],
    ["/.//example.org", "a path that parses to //example.org"],
    ["/..//example.org", "another path that parses to //example.org"],
    ["https://example.org/", "an absolute URL"],
    ["javascript:alert(1)", "a script URL"],
    ["example.org", "a bare host"],
    [`/${"a".repeat(REDIRECT_MAX)}`, "more than 512 characters"],
    ["", "nothing"],
  ])("%j (%s) gives the fallback", (to) => {
    expect(safeRedirect(to)).toBe("/account");
    expect(safeRedirect(to, "/")).toBe("/");
  });

  test.each([
    ["/%2F%2Fexample.org", "encoded slashes"],
    ["/%5Cexample.org", "an encoded backslash"],
    ["/%2F%5Cexample.org", "an encoded slash and backslash"],
    ["/%09/example.org", "an encoded tab"],
    ["/%252F%252Fexample.org", "slashes encoded twice"],
    ["/%2e%2e//example.org", "encoded dots before two slashes"],
  ])("%j (%s) stays on the site", (to) => {
    const result = safeRedirect(to);
    expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
    expect(destination(result).host).toBe("salfordsocialvalue.org.uk");
    // A browser follows a Location as written; it never decodes %2F into a path separator.
    expect(new URL(result, "https://salfordsocialvalue.org.uk").pathname).not.toMatch(/^\/\//);
  });

  test("local paths come back as the parsed path, query and fragment", () => {
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/organisations/x/manage?tab=1#top")).toBe("/organisations/x/manage?tab=1#top");
    expect(safeRedirect("/pledges?quality=values&page=2")).toBe("/pledges?quality=values&page=2");
    expect(safeRedirect("/wards/ordsall/../weaste")).toBe("/wards/weaste");
    expect(safeRedirect("/caf\u00e9")).toBe("/caf%C3%A9");
    expect(safeRedirect(null)).toBe("/account");
    expect(safeRedirect(new File(["x"], "x"))).toBe("/account");
  });

  test("whatever it is given, the result is a local path a Location header can carry", () => {
    const hostile = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }).map((s) => `/${s}`),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc
        .constantFrom("/", "//", "\\", "/\\", "/.", "/..", "%2F", "\t", "\u3000", "@", "example.org", ":")
        .chain((start) =>
          fc
            .array(
              fc.constantFrom(
                "/",
                "\\",
                ".",
                "\t",
                "\n",
                "\r",
                "@",
                ":",
                "example.org",
                "%09",
                "%2F",
                "\u3000",
                "?",
                "#",
                "a",
              ),
              { maxLength: 12 },
            )
            .map((parts) => start + parts.join("")),
        ),
    );
    fc.assert(
      fc.property(hostile, (to) => {
        const result = safeRedirect(to);
        expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
        expect(destination(result).host).toBe("salfordsocialvalue.org.uk");
        expect(result).not.toMatch(/[\s\p{Cc}\\]/u);
        expect(() => new Headers({ Location: result })).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the session cookie", () => {
  const testSecret = process.env.SESSION_SECRET!;
  const secret = () => randomBytes(32).toString("base64url");
  function useSecrets(...secrets: string[]) {
    process.env.SESSION_SECRET = secrets.join(",");
    resetEnvCache();
  }
  afterEach(() => useSecrets(testSecret));

  const home = (cookie: string) => request("/account", cookie);

  test("a cookie signed with the old secret still signs in while SESSION_SECRET lists it after the new one", async () => {
    const [oldSecret, newSecret] = [secret(), secret()];
    useSecrets(oldSecret);
    const { user, cookie } = await signedIn("rotating@example.org");
    expect((await getUser(home(cookie)))?.id).toBe(user.id);

    useSecrets(newSecret, oldSecret);
    expect((await getUser(home(cookie)))?.id).toBe(user.id);
  });

  test("once the old secret is removed, its cookies are signed out, and cookies made since still work", async () => {
    const [oldSecret, newSecret] = [secret(), secret()];
    useSecrets(oldSecret);
    const before = await signedIn("rotated-out@example.org");
    useSecrets(newSecret, oldSecret);
    const since = await signedIn("rotated-out@example.org");

    useSecrets(newSecret);
    expect(await getUser(home(before.cookie))).toBeNull();
    expect((await getUser(home(since.cookie)))?.id).toBe(before.user.id);
    // Signed out means sent to sign in, and back here afterwards.
    const thrown = await requireUser(home(before.cookie)).catch((response: Response) => response);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  test("the same session id without a signature, or signed with a secret never listed, is signed out", async () => {
    const { user, cookie } = await signedIn("forged@example.org");
    const id = (await createCookie("ssvc_session", { secrets: [testSecret] }).parse(cookie)) as string;
    const resigned = async (secrets: string[]) =>
      (await createCookie("ssvc_session", { secrets }).serialize(id)).split(";")[0]!;
    // The id is live: signed as the site signs it, it signs in.
    expect((await getUser(home(await resigned([testSecret]))))?.id).toBe(user.id);
    expect(await getUser(home(await resigned([])))).toBeNull();
    expect(await getUser(home(await resigned([secret()])))).toBeNull();
  });

  test("a session past its expiry in the database is signed out, though the cookie is well signed", async () => {
    const { user, cookie } = await signedIn("expiring@example.org");
    expect((await getUser(home(cookie)))?.id).toBe(user.id);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getUser(home(cookie))).toBeNull();
  });
});
