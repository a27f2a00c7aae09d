import { removeExampleData, seedExampleData } from "~/models/example-data.server";
import { seedReferenceData } from "~/models/reference.server";
import { ensureAdmins } from "~/models/user.server";
import { disconnectDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * Reference data always; example pledges and organisations only into a
 * database this start created (never one given by DATABASE_URL); DEMO=0
 * removes them again.
 */
export async function seed({ newDatabase }: { newDatabase: boolean }) {
  try {
    await seedReferenceData();
    const admins = getEnv().ADMIN_EMAILS;
    if (admins.length) {
      await ensureAdmins(admins);
      console.log(`admins: ${admins.join(", ")}`);
    }
    if (!getEnv().DEMO) {
      const removed = await removeExampleData();
      if (removed.pledges || removed.organisations || removed.campaigns || removed.events)
        console.log(
          `removed ${removed.pledges} example pledges, ${removed.organisations} example organisations, ${removed.campaigns} example campaign(s) and ${removed.events} example events (DEMO=0)`,
        );
    } else if (newDatabase) {
      const added = await seedExampleData();
      console.log(
        `seeded ${added.pledges} example pledges, ${added.organisations} example organisations, ${added.campaigns} example campaign(s) and ${added.events} example events (labelled as examples; DEMO=0 removes them)`,
      );
    }
  } finally {
    await disconnectDb();
  }
}
