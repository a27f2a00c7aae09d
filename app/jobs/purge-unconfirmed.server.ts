import { purgeUnconfirmedPledges } from "~/models/pledge-confirmation.server";
import { logger } from "~/utils/logger.server";

export const PURGE_UNCONFIRMED_QUEUE = "purge-unconfirmed-pledges";
// Hourly: a pledge is gone at most an hour after its 7 days run out.
export const PURGE_UNCONFIRMED_CRON = "17 * * * *";

export async function purgeUnconfirmedJob() {
  const purged = await purgeUnconfirmedPledges();
  if (purged > 0) logger.info({ purged }, "purged unconfirmed pledges older than 7 days");
}
