/**
 * What `npm start` refuses to start with, decided from the environment alone,
 * before anything is started. Each problem is one sentence the operator can act on.
 */
import { GENERATE_SECRET, sessionSecretProblem } from "~/utils/env.server";

export const SESSION_SECRET_WITH_DATABASE_URL = `SESSION_SECRET must be set when DATABASE_URL is: ${GENERATE_SECRET}.`;
export const NO_EMAIL_PROVIDER =
  "Set RESEND_API_KEY to send email, or OUTBOX=1 to keep it in the local outbox (never on a public site).";

/** OUTBOX=1 (or true): the local outbox is served to every client, as env.server.ts reads it. */
export const outboxForEveryone = (env: Record<string, string | undefined>) => env.OUTBOX === "1" || env.OUTBOX === "true";

export function startProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.SESSION_SECRET) {
    const problem = sessionSecretProblem(env.SESSION_SECRET);
    if (problem) problems.push(problem);
  } else if (env.DATABASE_URL) {
    // The embedded install keeps a generated secret in DATA_DIR; a database of
    // one's own usually serves several machines, which must share one secret.
    problems.push(SESSION_SECRET_WITH_DATABASE_URL);
  }
  // With a database of one's own this is a real site: email that silently
  // piles up in an outbox no one reads (or that anyone could read) is a fault.
  if (env.DATABASE_URL && !env.RESEND_API_KEY && !outboxForEveryone(env)) problems.push(NO_EMAIL_PROVIDER);
  return problems;
}
