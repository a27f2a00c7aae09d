import { z } from "zod";

/*
 * Reading the audit log (the browser may import this): the filters
 * /admin/audit takes in its query string, and how an entry's before and after
 * become a list of what changed.
 */

export const AUDIT_PAGE_SIZE = 50;

// Years 2000 to 2999: the log began in 2026, and years below 100 read as 19xx in Date arithmetic.
const DAY = /^2\d{3}-\d{2}-\d{2}$/;
/** A real day: 2026-02-30 and 2026-13-01 match the pattern but are not dates. */
function isCalendarDay(value: string) {
  if (!DAY.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const DAY_MESSAGE = "Enter a date like 2026-11-28";

/**
 * The query string's filters. Every one is optional; an empty field is no
 * filter. `action` is one action ("role.grant") or, ending in a dot, every
 * action that starts with it ("moderation."). `before` is the page's cursor:
 * entries older than that id.
 */
export const AuditFilterSchema = z
  .object({
    action: optional(
      z
        .string()
        .trim()
        .max(80, "An action is at most 80 characters")
        .regex(
          /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$/,
          "An action is like role.grant, or moderation. for every moderation action",
        ),
    ),
    actor: optional(
      z.string().trim().max(254, "The email address is too long").email("Enter an email address like name@example.com"),
    ),
    subjectKind: optional(
      z
        .string()
        .trim()
        .regex(/^[a-z][a-z_]{0,39}$/, "A kind of thing is a word like campaign or organisation"),
    ),
    subjectId: optional(
      z
        .string()
        .trim()
        .max(100, "An id is at most 100 characters")
        .regex(/^[A-Za-z0-9_.:@-]+$/, "An id is letters, digits and - _ . : @ only"),
    ),
    from: optional(z.string().trim().refine(isCalendarDay, DAY_MESSAGE)),
    to: optional(z.string().trim().refine(isCalendarDay, DAY_MESSAGE)),
    before: optional(z.string().regex(/^[1-9]\d{0,17}$/, "That page of the log does not exist")),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ["to"],
    message: "The end date is before the start date",
  });

export type AuditFilter = z.infer<typeof AuditFilterSchema>;
export const AUDIT_FILTER_NAMES = ["action", "actor", "subjectKind", "subjectId", "from", "to"] as const;

/** The filters of a query string as the schema reads them: each name's first value. */
export function auditFilterParams(params: URLSearchParams) {
  return Object.fromEntries(
    [...AUDIT_FILTER_NAMES, "before"].map((name) => [name, params.get(name) ?? undefined]),
  ) as Record<(typeof AUDIT_FILTER_NAMES)[number] | "before", string | undefined>;
}

/** One key that changed, its value before and after as a person reads it. */
export type AuditChange = { key: string; before: string; after: string };

const NONE = "(none)";

function readable(value: unknown): string {
  if (value === undefined || value === null || value === "") return NONE;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object"))
    return value.length ? value.map(readable).join(", ") : NONE;
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What an entry changed: the keys whose values differ between before and
 * after, in the order they were written. A thing made has no before (every key
 * comes from "(none)"); a value that is not an object is the one key "value".
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if (before == null && after == null) return [];
  const was = isRecord(before) ? before : before == null ? {} : { value: before };
  const now = isRecord(after) ? after : after == null ? {} : { value: after };
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return keys
    .filter((key) => JSON.stringify(was[key] ?? null) !== JSON.stringify(now[key] ?? null))
    .map((key) => ({ key, before: readable(was[key]), after: readable(now[key]) }));
}
