import { getPool } from "~/utils/db.server";

/**
 * Whether the database answers within `timeoutMs`: null when it does, else why
 * not (for /healthz, which load balancers and uptime checks read).
 */
export async function databaseProblem(timeoutMs = 3000): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getPool().query("SELECT 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : "error";
  } finally {
    clearTimeout(timer);
  }
}
