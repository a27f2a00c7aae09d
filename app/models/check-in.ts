// Shared by the check-in page (browser) and the server.
import { z } from "zod";
import { isStorableText } from "~/utils/storable-text";
import { checkCommitmentWords, NO_NUL_MESSAGE } from "./pledge";

export const CHECK_IN_CHOICES = ["done", "going", "help", "change"] as const;
export type CheckInChoice = (typeof CHECK_IN_CHOICES)[number];
export const CHOICE_LABELS: Record<CheckInChoice, string> = {
  done: "Done it",
  going: "Still going",
  help: "Need a hand",
  change: "Change my pledge",
};

export const NOTE_MAX = 500;

/** A check-in: where the pledge has got to, an optional note, and new words when the pledge changes. */
export const CheckInSchema = z
  .object({
    choice: z.enum(CHECK_IN_CHOICES, { errorMap: () => ({ message: "Choose how it is going" }) }),
    note: z
      .string()
      .trim()
      .max(NOTE_MAX, `Keep the note to ${NOTE_MAX} characters or fewer`)
      .refine(isStorableText, NO_NUL_MESSAGE)
      .optional(),
    isPublic: z.literal("on").optional(),
    newWords: z.string().trim().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.choice === "change") checkCommitmentWords(value.newWords, ctx, "newWords");
  });
