-- AlterTable
ALTER TABLE "pledge" ADD COLUMN     "campaign_id" UUID,
ADD COLUMN     "condition_id" UUID,
ADD COLUMN     "conditional" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "updates_consent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "campaign" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "target" INTEGER NOT NULL,
    "qualities" TEXT[],
    "ward_codes" TEXT[],
    "suggestions" TEXT[],
    "milestones" INTEGER[] DEFAULT ARRAY[25, 50, 75, 100]::INTEGER[],
    "status" TEXT NOT NULL DEFAULT 'draft',
    "conditional_threshold" INTEGER,
    "conditional_deadline" TIMESTAMPTZ(3),
    "conditional_scope" TEXT,
    "is_example" BOOLEAN NOT NULL DEFAULT false,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_partner" (
    "campaign_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,

    CONSTRAINT "campaign_partner_pkey" PRIMARY KEY ("campaign_id","organisation_id")
);

-- CreateTable
CREATE TABLE "pledge_condition" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "ward_code" TEXT NOT NULL DEFAULT '',
    "threshold" INTEGER NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "settled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_condition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestone" (
    "scope" TEXT NOT NULL,
    "percent" INTEGER NOT NULL,
    "target" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "reached_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "milestone_pkey" PRIMARY KEY ("scope","percent")
);

-- CreateIndex
CREATE UNIQUE INDEX "campaign_slug_key" ON "campaign"("slug");

-- CreateIndex
CREATE INDEX "campaign_status_starts_on_idx" ON "campaign"("status", "starts_on");

-- CreateIndex
CREATE INDEX "pledge_condition_status_deadline_idx" ON "pledge_condition"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "pledge_condition_campaign_id_ward_code_key" ON "pledge_condition"("campaign_id", "ward_code");

-- CreateIndex
CREATE INDEX "pledge_campaign_id_confirmed_at_idx" ON "pledge"("campaign_id", "confirmed_at" DESC);

-- CreateIndex
CREATE INDEX "pledge_condition_id_idx" ON "pledge"("condition_id");

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_condition_id_fkey" FOREIGN KEY ("condition_id") REFERENCES "pledge_condition"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_partner" ADD CONSTRAINT "campaign_partner_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_partner" ADD CONSTRAINT "campaign_partner_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_condition" ADD CONSTRAINT "pledge_condition_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The tally's new counters for what was already counted (docs/tally.md): organisations by sector
-- (their contribution now names it), and pledges by the day they began to count (Europe/London).
UPDATE "organisation" SET "tally_contribution" = "tally_contribution" || jsonb_build_object('sector', "sector_key")
WHERE ("tally_contribution"->>'counted')::boolean;

INSERT INTO "tally_counter" ("dimension", "count", "updated_at")
SELECT 'sector:' || "sector_key", count(*), now() FROM "organisation"
WHERE ("tally_contribution"->>'counted')::boolean GROUP BY 1
UNION ALL
SELECT 'day:' || to_char(("confirmed_at" AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD'), count(*), now() FROM "pledge"
WHERE "confirmed_at" IS NOT NULL AND "withdrawn_at" IS NULL GROUP BY 1
ON CONFLICT ("dimension") DO UPDATE SET "count" = "tally_counter"."count" + EXCLUDED."count", "updated_at" = now();
