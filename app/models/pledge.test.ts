import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { validPledge } from "../../tests/helpers";
import { PledgeSchema, displayName } from "./pledge";
import { normaliseEmail } from "~/utils/email-address";
import { commitmentKey } from "./pledge-signup.server";

function parse(fields: Record<string, string | string[]>) {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) formData.append(key, v);
  return parseWithZod(formData, { schema: PledgeSchema });
}

describe("normaliseEmail", () => {
  test.each([
    ["Jane.Smith@Example.org", "jane.smith@example.org"],
    ["j.a.n.e+pledge@gmail.com", "jane@gmail.com"],
    ["JANE@GoogleMail.com", "jane@gmail.com"],
    ["jane+news@example.org", "jane+news@example.org"],
    ["  jane@example.org ", "jane@example.org"],
  ])("%s is the inbox %s", (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });
});

test("commitments differing only in case and spacing are the same commitment", () => {
  expect(commitmentKey("I will  help my Neighbour ")).toBe(commitmentKey("i will help my neighbour"));
  expect(commitmentKey("I will help my neighbour")).not.toBe(commitmentKey("I will help my neighbours"));
});

test("names are shown as the pledger chose", () => {
  expect(displayName("Jane Mary Smith", "full")).toBe("Jane Mary Smith");
  expect(displayName("Jane Mary Smith", "initial")).toBe("Jane S.");
  expect(displayName("Cher", "initial")).toBe("Cher");
  expect(displayName("Jane Smith", "anonymous")).toBe("A Salford resident");
});

describe("PledgeSchema", () => {
  test("accepts a complete pledge and takes one quality as a list", () => {
    const result = parse(validPledge);
    expect(result.status).toBe("success");
    if (result.status === "success") expect(result.value.qualities).toEqual(["values"]);
  });

  test("reports every missing field at once, each with its own message", () => {
    const result = parse({ suggestion: "own", ownWords: "too short" });
    expect(result.status).toBe("error");
    const errors = result.reply().error ?? {};
    expect(errors.name).toEqual(["Enter your name"]);
    expect(errors.email).toEqual(["Enter your email address"]);
    expect(errors.postcode).toEqual(["Enter a Salford postcode"]);
    expect(errors.qualities).toEqual(["Choose at least one quality"]);
    expect(errors.ownWords).toEqual(["Write your commitment in at least 10 characters"]);
    expect(errors.nameDisplay).toEqual(["Choose how your name is shown"]);
    expect(errors.nudgeConsent?.[0]).toMatch(/agreement/);
  });

  test("own words must be 10 to 280 characters", () => {
    expect(parse({ ...validPledge, suggestion: "own", ownWords: "I will help" }).status).toBe("success");
    const long = parse({ ...validPledge, suggestion: "own", ownWords: "x".repeat(281) });
    expect(long.reply().error?.ownWords).toEqual(["Keep your commitment to 280 characters or fewer"]);
  });

  test("rejects an unknown quality and an unknown suggestion", () => {
    const result = parse({ ...validPledge, qualities: ["values", "wealth"], suggestion: "made-up" });
    const errors = result.reply().error ?? {};
    expect(errors["qualities[1]"] ?? errors.qualities).toBeTruthy();
    expect(errors.suggestion).toEqual(["Choose a commitment, or write your own"]);
  });
});
