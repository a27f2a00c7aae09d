import { z } from "zod";

const flag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

export const GENERATE_SECRET = "generate one with `openssl rand -base64 32`";
export const SESSION_SECRET_MISSING = `SESSION_SECRET must be set: ${GENERATE_SECRET}.`;
export const SESSION_SECRET_MIN_LENGTH = 32;
// The default this project once shipped: anyone reading the source could sign with it.
const PUBLISHED_SECRETS = ["dev-only-session-secret-change-me"];

/** SESSION_SECRET's secrets, newest first: the first signs, every one verifies (rotation). */
function splitSecrets(value: string) {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function sessionSecrets() {
  return splitSecrets(getEnv().SESSION_SECRET);
}

/** Why a SESSION_SECRET value cannot be used, in one sentence, or null when it can. */
export function sessionSecretProblem(value: string | undefined): string | null {
  if (value === undefined) return SESSION_SECRET_MISSING;
  const secrets = splitSecrets(value);
  if (secrets.length === 0) return SESSION_SECRET_MISSING;
  if (secrets.some((s) => s.length < SESSION_SECRET_MIN_LENGTH))
    return `SESSION_SECRET must be at least ${SESSION_SECRET_MIN_LENGTH} characters (each one, when comma-separated): ${GENERATE_SECRET}.`;
  if (secrets.some((s) => PUBLISHED_SECRETS.includes(s)))
    return `SESSION_SECRET is the development value published in this project's source: ${GENERATE_SECRET}.`;
  return null;
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  APP_URL: z.string().url().default("http://localhost:3000"),
  // Signs cookies and the links in emails; comma-separated so a new secret can be
  // added in front of the old. No default: a secret in the source signs nothing
  // safely (`npm start` keeps a generated one in $DATA_DIR/session-secret).
  SESSION_SECRET: z.string({ required_error: SESSION_SECRET_MISSING }).superRefine((value, ctx) => {
    const problem = sessionSecretProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
  // Optional integration: without it, email goes to the local outbox at /dev/outbox.
  RESEND_API_KEY: z.string().min(1).optional(),
  // Optional: the Resend SDK reads it too; tests point it at a local fake Resend.
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().min(3).default("Salford Social Value City <pledges@salfordsocialvalue.org.uk>"),
  TALLY_TARGET: z.coerce.number().int().positive().default(10_000),
  DEMO: flag.default("1"),
  // Serve the local outbox (/dev/outbox) to every client, not only to this machine
  // (docs/security.md). Only for a staging site without a provider: it holds sign-in links.
  OUTBOX: flag.default("0"),
  // How many reverse proxies stand in front of the web server. Each appends the address
  // it saw to X-Forwarded-For; the client writes whatever it likes to the left of them,
  // so only this many entries from the right are believed (rate limits are per address).
  TRUST_PROXY: z.coerce
    .number({ invalid_type_error: "TRUST_PROXY must be the number of proxies in front of the server (0, 1, 2…)" })
    .int()
    .min(0)
    .max(10)
    .default(0),
  // Per IP, per minute, per web process.
  RATE_LIMIT_PLEDGE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_RESEND: z.coerce.number().int().positive().default(3),
  RATE_LIMIT_LOGIN: z.coerce.number().int().positive().default(5),
  // How long a web process reuses a tally it has read (ms). 0 reads every time.
  TALLY_CACHE_MS: z.coerce.number().int().min(0).default(2000),
  EMAIL_POLL_MS: z.coerce.number().int().positive().default(1000),
  // Calls a second to the provider per worker (Resend allows 2 by default; each call carries up to 100 emails).
  EMAIL_RATE_LIMIT: z.coerce.number().positive().default(2),
  // The first retry of a failed batch waits this long, doubling each time (up to an hour).
  EMAIL_RETRY_BASE_MS: z.coerce.number().int().positive().default(5000),
  // A batch claimed longer ago than this belongs to a worker that died, and is taken over.
  EMAIL_CLAIM_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  // Optional: the signing secret of the Resend webhook (bounces and complaints), "whsec_…".
  RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
  // The nudge schedule: days after confirming, and days before a pledge's target date.
  NUDGE_DAYS: z
    .string()
    .default("7,30,90")
    .transform((v) => v.split(",").map((d) => Number(d.trim())))
    .pipe(z.array(z.number().int().positive("NUDGE_DAYS must be whole days, comma-separated")).min(1)),
  NUDGE_BEFORE_TARGET_DAYS: z.coerce.number().int().min(0).default(7),
  // How long a freed place is held for the first on an event's waitlist before it passes to the next (hours).
  RSVP_OFFER_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  // How long before an event its attendees get the "Still coming?" reminder (hours).
  EVENT_REMINDER_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  // Optional: a tile layer under the ward shapes, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
  // with its attribution. The wards are the base map; nothing needs tiles.
  MAP_TILE_URL: z.string().url().optional(),
  MAP_TILE_ATTRIBUTION: z.string().max(500).optional(),
  // Comma-separated addresses made admins at every start.
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().email("ADMIN_EMAILS must be email addresses, comma-separated"))),
  // The Alliance's own address: the daily "Need a hand" email and other reports to staff go here.
  ALLIANCE_EMAIL: z.string().email("ALLIANCE_EMAIL must be an email address").optional(),
  // Reports from the public that hide an item until a moderator has looked at it.
  REPORTS_TO_HIDE: z.coerce.number().int().positive().default(3),
  // "Report" submissions a minute per IP address, per web process.
  RATE_LIMIT_REPORT: z.coerce.number().int().positive().default(5),
  // Mounts /bench/* baseline routes; only the benchmark sets it.
  BENCH_ROUTES: flag.default("0"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated environment. Fails at boot with every problem listed. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    // A message that already names its variable is printed as it is.
    const problems = parsed.error.issues
      .map((i) => `  ${i.message.startsWith(i.path.join(".")) ? i.message : `${i.path.join(".")}: ${i.message}`}`)
      .join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** An absolute address on this site (APP_URL), for links in emails and share links. */
export function appUrl(path: string) {
  return new URL(path, getEnv().APP_URL).toString();
}

/** Tests change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}
