// Shared by /admin/help (browser) and the server: the help queue's statuses, views and actions.
import { z } from "zod";
import { isStorableText } from "~/utils/storable-text";
import { NO_NUL_MESSAGE } from "./pledge";

/** A request for a hand: new (nobody has acted), contacted (someone from the Alliance has been in touch), closed. */
export const HELP_STATUSES = ["new", "contacted", "closed"] as const;
export type HelpStatus = (typeof HELP_STATUSES)[number];

/**
 * What /admin/help lists (`?status=`): open (new, then contacted: the work
 * still to do, and the default), one status, or the closed ones.
 */
export const HELP_VIEWS = ["open", ...HELP_STATUSES] as const;
export type HelpView = (typeof HELP_VIEWS)[number];
export const HELP_VIEW_LABELS: Record<HelpView, string> = {
  open: "Open",
  new: "New",
  contacted: "Contacted",
  closed: "Closed",
};

export function isHelpView(value: string | null): value is HelpView {
  return (HELP_VIEWS as readonly (string | null)[]).includes(value);
}

/** The most a list on /admin/help shows at once, per status. */
export const HELP_LIST_LIMIT = 200;

export const STAFF_NOTE_MAX = 1000;
const CLOSE_NOTE_MESSAGE = "Say in a sentence how it ended, so whoever reads it next knows";

const staffNote = (params?: z.RawCreateParams) =>
  z
    .string(params)
    .trim()
    .max(STAFF_NOTE_MAX, `Keep the note to ${STAFF_NOTE_MAX} characters or fewer`)
    .refine(isStorableText, NO_NUL_MESSAGE);

/**
 * The actions on a request, one form each with its intent in a hidden field.
 * A note is optional when marking contacted or reopening, and required to
 * close: a closed request drops out of the queue, and its note is all anyone
 * will read later about how it ended.
 */
export const HelpActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("contacted"), checkInId: z.string().uuid(), note: staffNote().optional() }),
  z.object({
    intent: z.literal("closed"),
    checkInId: z.string().uuid(),
    // Conform sends an empty field as missing, and a note of spaces is trimmed to nothing: one message for both.
    // (A refine, not a pipe: Conform's coercion would turn the pipe's "" into missing and say "Required".)
    note: staffNote({ required_error: CLOSE_NOTE_MESSAGE }).refine((note) => note !== "", CLOSE_NOTE_MESSAGE),
  }),
  z.object({ intent: z.literal("reopen"), checkInId: z.string().uuid(), note: staffNote().optional() }),
]);
export type HelpAction = z.infer<typeof HelpActionSchema>;
