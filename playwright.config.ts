import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
// Another port, database port and data directory let two runs share a machine.
const dataDir = process.env.E2E_DATA_DIR ?? ".e2e";
export const baseURL = `http://localhost:${port}`;

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser)
 * against the real `npm start` path: embedded PostgreSQL in a fresh data
 * directory, the production build, the worker and the local outbox.
 */
export default defineConfig({
  testDir: "tests/e2e",
  // The tests read and move one city-wide tally: one at a time keeps them honest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // A guard against a hang, not a measure of speed: a busy machine may take several times as long.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: `rm -rf ${dataDir} && node --import tsx scripts/start.ts`,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: baseURL,
      DATA_DIR: dataDir,
      PG_PORT: process.env.E2E_PG_PORT ?? "5435",
      DEMO: "1",
      EMAIL_POLL_MS: "200",
      LOG_LEVEL: "warn",
      TALLY_CACHE_MS: "0",
      RATE_LIMIT_PLEDGE: "1000",
      RATE_LIMIT_RESEND: "1000",
      RATE_LIMIT_LOGIN: "1000",
      ADMIN_EMAILS: "alliance-admin@example.org",
      WEB_CONCURRENCY: "2",
    },
  },
});
