import { purgeUnconfirmedPledges } from "~/models/pledge.server";

export const PURGE_UNCONFIRMED_QUEUE = "purge-unconfirmed-pledges";
// Hourly: a pledge is gone at most an hour after its 7 days run out.
export const PURGE_UNCONFIRMED_CRON = "17 * * * *";

export async function purgeUnconfirmedJob() {
  const purged = await purgeUnconfirmedPledges();
  if (purged > 0) console.log(`purged ${purged} unconfirmed pledge(s) older than 7 days`);
}
