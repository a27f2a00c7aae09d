import { z } from "zod";

/** The code field of the second step: 6 digits from the app, or a recovery code (xxxxx-xxxxx). */
export const SecondFactorCodeSchema = z.object({
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app." })
    .trim()
    .min(1, "Enter the 6-digit code from your authenticator app.")
    .max(40, "A code is 6 digits (a recovery code 10 letters and numbers)."),
});

/** What the person is told when a code is refused. */
export function secondFactorMessage(status: "wrong" | "used") {
  return status === "used"
    ? "That code has been used already. Wait for the next one in your app."
    : "That code is not right. Check it is the one for Salford Social Value City and that your phone's clock is right.";
}
