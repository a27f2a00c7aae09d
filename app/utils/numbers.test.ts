import { expect, test } from "vitest";
import { formatNumber } from "./numbers";

test("numbers are written the British way, at most 3 decimals unless told", () => {
  expect(formatNumber(12480)).toBe("12,480");
  expect(formatNumber(1_000_000)).toBe("1,000,000");
  expect(formatNumber(3.25671)).toBe("3.257");
  expect(formatNumber(3.25671, 2)).toBe("3.26");
  expect(formatNumber(0)).toBe("0");
});
