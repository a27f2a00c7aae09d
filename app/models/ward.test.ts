import { expect, test } from "vitest";
import { lookupPostcode } from "./ward.server";

test.each(["M5 4WT", "m54wt", "  m5   4wt ", "M5 4wt"])("finds %j in its Salford ward", (raw) => {
  const result = lookupPostcode(raw);
  expect(result.status).toBe("found");
  if (result.status === "found") {
    expect(result.location.postcode).toBe("M5 4WT");
    expect(result.location.wardCode).toMatch(/^E050130(1[89]|2\d|3[0-7])$/);
  }
});

test("a real postcode outside Salford is named as outside", () => {
  expect(lookupPostcode("m1 1ad")).toEqual({ status: "outside-salford", postcode: "M1 1AD" });
});

test("something that is not a postcode is invalid", () => {
  expect(lookupPostcode("hello").status).toBe("invalid");
  expect(lookupPostcode("M5").status).toBe("invalid");
});
