// Shared by the RSVP form (browser) and the server: one schema, both sides.
import { z } from "zod";
import { EmailSchema } from "~/utils/email-address";
import { isStorableText } from "~/utils/storable-text";
import { NO_NUL_MESSAGE } from "./pledge";

export const RSVP_NAME_MAX = 100;

/** What a person gives to come to an event: a name and an email address, no account. */
export const RsvpSchema = z.object({
  name: z
    .string({ required_error: "Enter your name" })
    .trim()
    .min(1, "Enter your name")
    .max(RSVP_NAME_MAX, `Your name must be ${RSVP_NAME_MAX} characters or fewer`)
    .refine(isStorableText, NO_NUL_MESSAGE),
  email: EmailSchema(),
});

export type RsvpSubmission = z.infer<typeof RsvpSchema>;
