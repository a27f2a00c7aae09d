import { afterAll, beforeAll, beforeEach } from "vitest";
import { resetEmailClient } from "~/utils/email-transport.server";
import { resetEnvCache } from "~/utils/env.server";
import { startFakeResend, type FakeResend, type FakeResendOptions } from "./mocks/fake-resend";

/**
 * Points the real Resend SDK at a local fake Resend for this test file, with
 * these settings in the environment, and puts everything back afterwards.
 * The fake forgets what it was sent before each test.
 */
export function useFakeResend(options: FakeResendOptions = {}, env: Record<string, string> = {}) {
  const current = { resend: undefined as unknown as FakeResend };
  const settings = () => ({
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: current.resend.url,
    EMAIL_RATE_LIMIT: "1000",
    ...env,
  });
  beforeAll(async () => {
    current.resend = await startFakeResend(options);
    Object.assign(process.env, settings());
    resetEnvCache();
    resetEmailClient();
  });
  afterAll(async () => {
    for (const key of Object.keys(settings())) delete process.env[key];
    resetEnvCache();
    resetEmailClient();
    await current.resend.close();
  });
  beforeEach(() => {
    current.resend.sent.length = 0;
    current.resend.failNext([]);
  });
  return current;
}
