import { stringify } from "csv-stringify/sync";
import { prisma } from "~/utils/db.server";
import { spreadsheetTime, type RsvpStatus } from "./event";
import { ATTENDANCE_SEARCH_MAX } from "./event-form";
import { isEventId } from "./permissions.server";

/*
 * Who is coming, as the organiser sees them at the door: the lists, marking
 * who attended, and the CSV. The guard (requireEventOrganiser) has already
 * decided the user organises the event.
 */

export type AttendeeRow = {
  id: string;
  name: string;
  email: string;
  status: RsvpStatus;
  confirmedAt: string | null;
  attended: boolean;
};

export type AttendeeLists = {
  going: AttendeeRow[];
  offered: AttendeeRow[];
  /** in the order they joined the waitlist: the order places are offered */
  waiting: AttendeeRow[];
  cancelled: AttendeeRow[];
  /** how many are on each list, whatever the search */
  counts: Record<"going" | "offered" | "waiting" | "cancelled" | "pending", number>;
  /** how many (whatever their list) were marked as attended */
  attended: number;
  /** every reply the event has had, pending and cancelled ones too */
  replies: number;
  /** the search the lists answer, when there is one */
  q: string;
};

const SHOWN: RsvpStatus[] = ["going", "offered", "waiting", "cancelled"];

/** A name search as typed: spaces tidied, cut to length. */
export function attendeeSearch(raw: string | null | undefined) {
  return (raw ?? "").replace(/\s+/g, " ").trim().slice(0, ATTENDANCE_SEARCH_MAX);
}

/**
 * The event's lists for its organiser, each person with name and email;
 * `q` keeps only the names containing it (any case). Going by name; offered
 * and waiting in the order of the waitlist; cancelled by when they cancelled.
 * Pending replies are counted, not listed: they have not confirmed their address.
 */
export async function listAttendees(eventId: string, q = ""): Promise<AttendeeLists> {
  const search = attendeeSearch(q).toLocaleLowerCase("en-GB");
  const [rows, pending] = await Promise.all([
    prisma.rsvp.findMany({
      where: { eventId, status: { in: SHOWN } },
      select: {
        id: true,
        name: true,
        email: true,
        status: true,
        confirmedAt: true,
        attendedAt: true,
        cancelledAt: true,
      },
      orderBy: [{ queueSeq: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    }),
    prisma.rsvp.count({ where: { eventId, status: "pending" } }),
  ]);
  const toRow = (r: (typeof rows)[number]): AttendeeRow => ({
    id: r.id,
    name: r.name,
    email: r.email,
    status: r.status as RsvpStatus,
    confirmedAt: r.confirmedAt?.toISOString() ?? null,
    attended: r.attendedAt !== null,
  });
  const all = (status: RsvpStatus) => rows.filter((r) => r.status === status);
  const found = (status: RsvpStatus) =>
    all(status).filter((r) => !search || r.name.toLocaleLowerCase("en-GB").includes(search));
  const byName = (a: AttendeeRow, b: AttendeeRow) => a.name.localeCompare(b.name, "en-GB");
  return {
    going: found("going").map(toRow).sort(byName),
    offered: found("offered").map(toRow),
    waiting: found("waiting").map(toRow),
    cancelled: found("cancelled")
      .sort((a, b) => (a.cancelledAt?.getTime() ?? 0) - (b.cancelledAt?.getTime() ?? 0))
      .map(toRow),
    counts: {
      going: all("going").length,
      offered: all("offered").length,
      waiting: all("waiting").length,
      cancelled: all("cancelled").length,
      pending,
    },
    attended: rows.filter((r) => r.attendedAt !== null).length,
    replies: rows.length + pending,
    q: attendeeSearch(q),
  };
}

/**
 * Marks one person of this event as attended (or not, undoing a slip of the
 * finger). Anyone who confirmed may be marked, whatever their list: someone
 * from the waitlist may be let in at the door. False when the RSVP is not
 * this event's, or was never confirmed.
 */
export async function markAttendance(eventId: string, rsvpId: string, attended: boolean, now = new Date()) {
  if (!isEventId(eventId) || !isEventId(rsvpId)) return false;
  const rsvp = await prisma.rsvp.findFirst({
    where: { id: rsvpId, eventId, status: { in: SHOWN } },
    select: { attendedAt: true },
  });
  if (!rsvp) return false;
  // Marking twice keeps the first time they were seen.
  if (attended === (rsvp.attendedAt !== null)) return true;
  await prisma.rsvp.update({ where: { id: rsvpId }, data: { attendedAt: attended ? now : null, updatedAt: now } });
  return true;
}

/**
 * Everyone who confirmed, as CSV: name, email, status, confirmed at (Salford
 * time), attended. A cell a spreadsheet would run as a formula (starting
 * = + - @, a tab or a carriage return) gets a leading ': a name is whatever
 * the person typed into a public form.
 */
export async function attendeesCsv(eventId: string) {
  const rows = await prisma.rsvp.findMany({
    where: { eventId, status: { in: SHOWN } },
    select: { name: true, email: true, status: true, confirmedAt: true, attendedAt: true },
    orderBy: [{ queueSeq: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  });
  return stringify(
    rows.map((r) => [
      r.name,
      r.email,
      r.status,
      r.confirmedAt ? spreadsheetTime(r.confirmedAt) : "",
      r.attendedAt ? "yes" : "no",
    ]),
    {
      header: true,
      columns: ["name", "email", "status", "confirmed at", "attended"],
      escape_formulas: true,
      bom: true,
    },
  );
}
