-- Nothing read these: the app places postcodes from app/reference/postcodes.csv and offers
-- suggestions from app/reference/qualities.ts (see app/models/reference.server.ts).

-- DropForeignKey
ALTER TABLE "quality_suggestion" DROP CONSTRAINT "quality_suggestion_quality_key_fkey";

-- DropForeignKey
ALTER TABLE "postcode" DROP CONSTRAINT "postcode_ward_code_fkey";

-- DropTable
DROP TABLE "quality_suggestion";

-- DropTable
DROP TABLE "postcode";
