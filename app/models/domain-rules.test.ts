import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { CheckInSchema } from "./check-in";
import { CommitmentWordsSchema, COMMITMENT_MAX } from "./pledge";
import { describeProgress } from "./organisation";
import { SalfordPostcodeSchema } from "./postcode.server";

function formOf(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

describe("progress toward a commitment, in words", () => {
  const meetings = { targetKind: "number", targetValue: 12, unit: "meetings" };

  test("a number target says how many of how many, with the share", () => {
    expect(describeProgress(meetings, 4)).toBe("4 of 12 meetings (33%)");
    expect(describeProgress({ ...meetings, targetValue: 1500, unit: "hours" }, 1250.5)).toBe(
      "1,250.5 of 1,500 hours (83%)",
    );
    // Past the target it is the figure reached, and the share stops at 100.
    expect(describeProgress(meetings, 15)).toBe("15 of 12 meetings (100%)");
  });

  test("a yes/no target says done or not yet", () => {
    const yesNo = { targetKind: "yesno", targetValue: null, unit: null };
    expect(describeProgress(yesNo, 1)).toBe("Done");
    expect(describeProgress(yesNo, 0)).toBe("Not done yet");
  });

  test("nothing reported says so, whatever the target", () => {
    expect(describeProgress(meetings, null)).toBe("No progress reported yet");
    expect(describeProgress({ targetKind: "yesno", targetValue: null, unit: null }, null)).toBe(
      "No progress reported yet",
    );
  });
});

describe("a pledge's words have one rule wherever they are written", () => {
  test("the account page's rule", () => {
    expect(CommitmentWordsSchema.safeParse("  short ").error?.issues[0]?.message).toBe(
      "Write your commitment in at least 10 characters",
    );
    expect(CommitmentWordsSchema.safeParse("I will ".padEnd(COMMITMENT_MAX + 1, "x")).error?.issues[0]?.message).toBe(
      `Keep your commitment to ${COMMITMENT_MAX} characters or fewer`,
    );
    expect(CommitmentWordsSchema.parse("  I will help a neighbour  ")).toBe("I will help a neighbour");
  });

  test("a check-in asks for the words only when the pledge changes, with the same messages", () => {
    const change = parseWithZod(formOf({ choice: "change", newWords: "tiny" }), { schema: CheckInSchema });
    expect(change.reply().error?.newWords).toEqual(["Write your commitment in at least 10 characters"]);
    expect(parseWithZod(formOf({ choice: "going" }), { schema: CheckInSchema }).status).toBe("success");
  });
});

describe("the Salford-postcode rule", () => {
  const check = (postcode: string) =>
    SalfordPostcodeSchema.safeParse({ postcode }).error?.issues.map((i) => i.message) ?? [];

  test("a Salford postcode in any case and spacing passes", () => {
    expect(check(" m5   4wt")).toEqual([]);
  });

  test("a real postcode elsewhere is named and told it is not in Salford; a non-postcode is asked for a real one", () => {
    expect(check("M1 1AD")).toEqual(["M1 1AD is not in Salford. Use a postcode in Salford, like M5 4WT"]);
    expect(check("nonsense")).toEqual(["Enter a full UK postcode, like M5 4WT"]);
  });
});
