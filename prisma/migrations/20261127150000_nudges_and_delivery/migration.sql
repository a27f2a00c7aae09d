-- DropIndex
DROP INDEX "email_message_status_run_after_idx";

-- AlterTable
ALTER TABLE "pledge" ADD COLUMN     "target_date" DATE;

-- AlterTable
ALTER TABLE "email_message" ADD COLUMN     "batch_id" BIGINT,
ADD COLUMN     "category" TEXT NOT NULL DEFAULT 'transactional',
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "email_batch" (
    "id" BIGSERIAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_suppression" (
    "email_normalised" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_suppression_pkey" PRIMARY KEY ("email_normalised")
);

-- CreateTable
CREATE TABLE "email_preference" (
    "email_normalised" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "unsubscribed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_preference_pkey" PRIMARY KEY ("email_normalised","category")
);

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pledge_nudge" (
    "pledge_id" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "message_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_nudge_pkey" PRIMARY KEY ("pledge_id","stage")
);

-- CreateTable
CREATE TABLE "nudge_recipient" (
    "email_normalised" TEXT NOT NULL,
    "last_nudged_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "nudge_recipient_pkey" PRIMARY KEY ("email_normalised")
);

-- CreateTable
CREATE TABLE "check_in" (
    "id" UUID NOT NULL,
    "pledge_id" UUID NOT NULL,
    "choice" TEXT NOT NULL,
    "note" TEXT,
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "check_in_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisation_digest" (
    "organisation_id" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_digest_pkey" PRIMARY KEY ("organisation_id","month")
);

-- CreateIndex
CREATE INDEX "email_batch_status_run_after_idx" ON "email_batch"("status", "run_after");

-- CreateIndex
CREATE INDEX "check_in_pledge_id_created_at_idx" ON "check_in"("pledge_id", "created_at");

-- CreateIndex
CREATE INDEX "email_message_status_priority_run_after_idx" ON "email_message"("status", "priority", "run_after");

-- CreateIndex
CREATE INDEX "email_message_batch_id_idx" ON "email_message"("batch_id");

-- AddForeignKey
ALTER TABLE "pledge_nudge" ADD CONSTRAINT "pledge_nudge_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

