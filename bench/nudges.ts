/**
 * 100,000 due nudges (BENCH_NUDGES) queued and delivered against the local
 * fake Resend limited to 10 calls a second: at 100 emails a call, a ceiling of
 * 1,000 emails a second. Reports emails a second as a ratio of that ceiling.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import type pg from "pg";
import { startFakeResend } from "../tests/mocks/fake-resend";
import { queueDueNudges } from "~/models/nudge.server";

export type NudgeMeasures = {
  pledges: number;
  queued: number;
  queueSeconds: number;
  sendSeconds: number;
  emailsPerSecond: number;
  ceiling: number;
  delivered: number;
  duplicates: number;
  rateLimited: number;
  workers: number;
};

const PROVIDER_CALLS_PER_SECOND = 10;
const BATCH = 100;

export async function measureNudges(pool: pg.Pool, databaseUrl: string, count: number): Promise<NudgeMeasures> {
  const wards = (await pool.query<{ code: string }>("SELECT code FROM ward ORDER BY code")).rows.map((r) => r.code);
  await pool.query(
    `INSERT INTO pledge (id, name, name_display, email, email_normalised, postcode, ward_code, qualities,
       commitment, commitment_key, nudge_consent, news_consent, confirmed_at, created_at, updated_at)
     SELECT gen_random_uuid(), 'Nudged Person ' || g, 'initial', 'nudged-' || g || '@example.org', 'nudged-' || g || '@example.org',
       'M5 4WT', ($2::text[])[1 + g % 20], ARRAY[(ARRAY['values','delivery','partnerships','operations'])[1 + g % 4]],
       'I will keep nudged promise ' || g, 'i will keep nudged promise ' || g, true, false,
       now() - interval '8 days', now() - interval '8 days', now() - interval '8 days'
     FROM generate_series(1, $1::int) AS g`,
    [count, wards],
  );

  let started = performance.now();
  const queued = await queueDueNudges(new Date());
  const queueSeconds = (performance.now() - started) / 1000;

  const resend = await startFakeResend({ maxRequestsPerSecond: PROVIDER_CALLS_PER_SECOND, keepBodies: false });
  // One worker per core, sharing the provider's limit between them.
  const workers = availableParallelism();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    RESEND_API_KEY: "re_bench",
    RESEND_BASE_URL: resend.url,
    EMAIL_RATE_LIMIT: String(PROVIDER_CALLS_PER_SECOND / workers),
    EMAIL_RETRY_BASE_MS: "1000",
  };
  started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, () => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/drain-email-queue.ts"], {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      return new Promise((resolve) => child.once("exit", resolve));
    }),
  );
  const sendSeconds = (performance.now() - started) / 1000;
  const recipients = resend.sent.map((e) => String(e.to));
  const delivered = new Set(recipients).size;
  await resend.close();
  await pool.query("TRUNCATE email_batch, pledge_nudge, nudge_recipient");
  await pool.query("DELETE FROM email_message");
  await pool.query("DELETE FROM pledge WHERE email_normalised LIKE 'nudged-%'");
  return {
    pledges: count,
    queued: queued.emails,
    queueSeconds,
    sendSeconds,
    emailsPerSecond: queued.emails / sendSeconds,
    ceiling: PROVIDER_CALLS_PER_SECOND * BATCH,
    delivered,
    duplicates: recipients.length - delivered,
    rateLimited: resend.rateLimited(),
    workers,
  };
}
