import { z } from "zod";
import { QUALITY_KEYS, type QualityKey } from "~/reference/qualities";
import { SECTOR_KEYS } from "~/reference/sectors";
import { daysBetween, shiftDay } from "~/utils/calendar-days";

/*
 * The public JSON API's questions and answers, one place per endpoint: each
 * query is read through its schema (an unknown parameter, a repeated one or a
 * bad value is a 400 with the reason), and each answer is passed through its
 * schema before it leaves, so what is published is exactly what is written
 * here (a ward's exact count below 5 cannot slip out). Plain .ts: an OpenAPI
 * document can be made from these.
 */

// ---------------------------------------------------------------------------
// Reading a query
// ---------------------------------------------------------------------------

/** A query string as Zod reads it: a parameter given once is a string, given more than once a list. */
export function queryOf(url: URL): Record<string, string | string[]> {
  // Object.fromEntries defines own properties, so a parameter named __proto__ is only a parameter.
  return Object.fromEntries(
    [...new Set(url.searchParams.keys())].map((key) => {
      const values = url.searchParams.getAll(key);
      return [key, values.length === 1 ? values[0]! : values];
    }),
  );
}

/** One sentence for the first thing wrong with a query. */
function queryProblem(issue: z.ZodIssue, allowed: string[]) {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    // Named back only when it is a plain name: an answer never carries a visitor's markup.
    const named = issue.keys.filter((key) => /^[A-Za-z0-9_.-]{1,40}$/.test(key));
    const which = named.length === issue.keys.length ? ` ${named.map((key) => `"${key}"`).join(", ")}` : "";
    return `Unknown parameter${which}: this address takes ${allowed.length ? allowed.join(", ") : "no parameters"}`;
  }
  const name = issue.path.join(".");
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === "array") return `Give ${name} only once`;
  return name ? `${name} ${issue.message}` : issue.message;
}

export type QueryResult<T> = { success: true; data: T } | { success: false; error: string };

/** Reads a URL's query through a strict object schema: an unknown parameter is a mistake, not ignored. */
export function parseQuery<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  url: URL,
): QueryResult<z.infer<z.ZodObject<Shape, "strict">>> {
  const result = schema.strict().safeParse(queryOf(url));
  if (result.success) return { success: true, data: result.data };
  return { success: false, error: queryProblem(result.error.issues[0]!, Object.keys(schema.shape)) };
}

/** A campaign's slug as a query gives it; whether it names a public campaign is the model's question. */
const CampaignParam = z.string().max(200, "is too long to be a campaign");

/** YYYY-MM-DD that is a day of the calendar (not 2026-02-30). */
export function isCalendarDay(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const DayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(isCalendarDay, "is not a real date");

/** /api/tally: the city's tally, or one campaign's. */
export const TallyQuerySchema = z.object({ campaign: CampaignParam.optional() });

/** /api/tally/series: pledges per day over at most SERIES_MAX_DAYS days. */
export const SeriesQuerySchema = z.object({
  from: DayParam.optional(),
  to: DayParam.optional(),
  campaign: CampaignParam.optional(),
});

/** /api/campaigns and /api/campaigns/:slug take no parameters. */
export const NoQuerySchema = z.object({});

export const SERIES_DEFAULT_DAYS = 90;
export const SERIES_MAX_DAYS = 366;

/** The series' range once its defaults are filled in. */
export const SeriesRangeSchema = z
  .object({ from: z.string(), to: z.string() })
  .refine((range) => range.from <= range.to, { message: "from must be on or before to" })
  .refine((range) => daysBetween(range.from, range.to) <= SERIES_MAX_DAYS, {
    message: `The range may be at most ${SERIES_MAX_DAYS} days: ask for a shorter one, or several`,
  });

// ---------------------------------------------------------------------------
// The answers
// ---------------------------------------------------------------------------

const Count = z.number().int().min(0);
/** A count that could be one ward's few: 0, or 5 and over, or null (fewer than 5). */
const PublishedSmallCount = Count.refine((n) => n === 0 || n >= 5, "a count below 5 is never published").nullable();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Moment = z.string().datetime();

function countsBy<K extends string>(keys: readonly K[]) {
  return z.object(Object.fromEntries(keys.map((key) => [key, Count])) as Record<K, typeof Count>);
}
const ByQuality = countsBy<QualityKey>(QUALITY_KEYS);
const BySector = countsBy(SECTOR_KEYS);

/**
 * A ward's published figures. Suppressed below 5: pledges and perThousand are
 * null and fewerThan5 is true. The check here is the last guard: an answer
 * that would publish a smaller count fails instead.
 */
export const WardFigureAnswerSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    pledges: Count.nullable(),
    perThousand: z.number().min(0).nullable(),
    fewerThan5: z.boolean(),
  })
  .refine(
    (ward) =>
      ward.fewerThan5
        ? ward.pledges === null && ward.perThousand === null
        : ward.pledges !== null && ward.pledges >= 5 && ward.perThousand !== null,
    { message: "a ward's count below 5 is never published" },
  );

export const CampaignRefSchema = z.object({ slug: z.string(), name: z.string() });

export const ApiErrorSchema = z.object({ error: z.string() });

/** GET /api/tally */
export const CityTallyAnswerSchema = z.object({
  total: Count,
  residents: Count,
  organisations: Count,
  kept: Count,
  /** conditional pledges confirmed and waiting on others: not in total; null for 1 to 4 (publishSmallCount) */
  waiting: PublishedSmallCount,
  byQuality: ByQuality,
  keptByQuality: ByQuality,
  /** counted organisations by sector */
  bySector: BySector,
  byWard: z.array(WardFigureAnswerSchema),
  target: Count,
  updatedAt: Moment,
});

/** GET /api/tally?campaign=<slug> */
export const CampaignTallyAnswerSchema = z.object({
  campaign: CampaignRefSchema,
  total: Count,
  kept: Count,
  waiting: PublishedSmallCount,
  byQuality: ByQuality,
  byWard: z.array(WardFigureAnswerSchema),
  /** the campaign's own target */
  target: Count,
  updatedAt: Moment,
});

/** GET /api/tally/series */
export const SeriesAnswerSchema = z.object({
  from: Day,
  to: Day,
  campaign: CampaignRefSchema.optional(),
  /** every day from `from` to `to`: pledges that began to count that day (Salford's days) and still count */
  days: z.array(z.object({ day: Day, pledges: Count })),
});

const CAMPAIGN_PHASES = ["upcoming", "running", "past"] as const;

/** One public campaign, as /api/campaigns lists it. */
export const CampaignSummaryAnswerSchema = z.object({
  slug: z.string(),
  name: z.string(),
  summary: z.string(),
  /** its first and last days (both in it) */
  startsAt: Day,
  endsAt: Day,
  phase: z.enum(CAMPAIGN_PHASES),
  target: Count,
  /** pledges counted for it */
  total: Count,
  url: z.string().url(),
});

/** GET /api/campaigns */
export const CampaignsAnswerSchema = z.object({ campaigns: z.array(CampaignSummaryAnswerSchema) });

/** GET /api/campaigns/:slug */
export const CampaignAnswerSchema = CampaignSummaryAnswerSchema.extend({
  kept: Count,
  waiting: PublishedSmallCount,
  byQuality: ByQuality,
  byWard: z.array(WardFigureAnswerSchema),
  milestones: z.array(z.object({ percent: Count, target: Count, count: Count, reachedAt: Moment })),
  /**
   * "x of N" for each condition of a campaign that offers conditional pledges
   * (null when it does not): the whole campaign's (ward null) or one ward's.
   * A ward's signers below 5 are suppressed like its pledges.
   */
  conditions: z
    .array(
      z
        .object({
          ward: z.object({ code: z.string(), name: z.string() }).nullable(),
          signers: Count.nullable(),
          fewerThan5: z.boolean(),
          threshold: Count,
          deadline: Moment,
          status: z.enum(["waiting", "on", "lapsed"]),
        })
        .refine(
          (c) => (c.fewerThan5 ? c.signers === null : c.signers !== null && (c.ward === null || c.signers >= 5)),
          {
            message: "a ward's count below 5 is never published",
          },
        ),
    )
    .nullable(),
});

export type CampaignSummaryAnswer = z.infer<typeof CampaignSummaryAnswerSchema>;

/**
 * The series' range from what was asked: `to` defaults to today, `from` to
 * SERIES_DEFAULT_DAYS days up to `to`, or for a campaign to its first day
 * (no earlier than the longest range allows, no later than `to`). What was
 * asked is checked as asked; only the defaults bend.
 */
export function seriesRange(
  asked: { from?: string; to?: string },
  today: string,
  campaign?: { startsOn: string },
): QueryResult<{ from: string; to: string }> {
  const to = asked.to ?? today;
  let from = asked.from;
  if (from === undefined && campaign) {
    const earliest = shiftDay(to, 1 - SERIES_MAX_DAYS);
    from = campaign.startsOn < earliest ? earliest : campaign.startsOn > to ? to : campaign.startsOn;
  }
  const range = SeriesRangeSchema.safeParse({ from: from ?? shiftDay(to, 1 - SERIES_DEFAULT_DAYS), to });
  return range.success
    ? { success: true, data: range.data }
    : { success: false, error: range.error.issues[0]!.message };
}

/** GET /api/events takes no parameters. */
export const EventsQuerySchema = NoQuerySchema;

/** Where an event is: a place in Salford with its ward and the postcode's point, or "online" (its link is never public). */
export const EventPlaceAnswerSchema = z.union([
  z.object({
    venueName: z.string().nullable(),
    address: z.string().nullable(),
    postcode: z.string(),
    ward: z.object({ code: z.string(), name: z.string(), slug: z.string() }),
    lat: z.number(),
    lon: z.number(),
  }),
  z.literal("online"),
]);

/** One public event not yet ended, as /api/events lists it. */
export const EventAnswerSchema = z.object({
  id: z.string().uuid(),
  title: z.string(),
  startsAt: Moment,
  endsAt: Moment,
  /** published, or cancelled (listed until it would have ended, so a listing can say so) */
  status: z.enum(["published", "cancelled"]),
  place: EventPlaceAnswerSchema,
  /** null: no limit */
  capacity: Count.nullable(),
  /** people with a confirmed place */
  going: Count,
  url: z.string().url(),
});

/** GET /api/events */
export const EventsAnswerSchema = z.object({ events: z.array(EventAnswerSchema) });

export type EventAnswer = z.infer<typeof EventAnswerSchema>;
