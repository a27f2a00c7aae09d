import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { REDIRECT_MAX, safeRedirect } from "./session.server";

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
      fc.constantFrom("/", "//", "\\", "/\\", "/.", "/..", "%2F", "\t", "\u3000", "@", "example.org", ":").chain((start) =>
        fc.array(fc.constantFrom("/", "\\", ".", "\t", "\n", "\r", "@", ":", "example.org", "%09", "%2F", "\u3000", "?", "#", "a"), { maxLength: 12 }).map((parts) => start + parts.join("")),
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
