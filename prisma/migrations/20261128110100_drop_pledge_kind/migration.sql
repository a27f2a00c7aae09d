-- Every pledge is a resident's (organisations count through their commitments, docs/tally.md); nothing
-- wrote anything but the default here, and the tally's two copies of the rule read it differently.
-- Dropping a column only changes the catalogue: no rewrite, no long lock.

-- AlterTable
ALTER TABLE "pledge" DROP COLUMN "kind";
