/**
 * Dates as people in Salford read them: "27 November 2026", in UK time.
 * Calendar dates stored without a time (target dates, report dates) are read
 * in UTC, so midnight does not slip to the day before.
 */
export function formatDate(iso: string | Date, { calendarDate = false } = {}) {
  return new Date(iso).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: calendarDate ? "UTC" : "Europe/London",
  });
}

/** "27/11/2026, 14:05:00" in UK time: for lists of messages. */
export function formatDateTime(iso: string | Date) {
  return new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London" });
}
