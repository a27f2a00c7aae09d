// Shared by the check-in page (browser) and the server.
export const CHECK_IN_CHOICES = ["done", "going", "help", "change"] as const;
export type CheckInChoice = (typeof CHECK_IN_CHOICES)[number];
export const CHOICE_LABELS: Record<CheckInChoice, string> = {
  done: "Done it",
  going: "Still going",
  help: "Need a hand",
  change: "Change my pledge",
};
