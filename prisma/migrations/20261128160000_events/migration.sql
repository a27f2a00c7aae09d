-- Events and their RSVPs (issue 11); pledges can name the event they were made at.
-- AlterTable
ALTER TABLE "pledge" ADD COLUMN     "event_id" UUID;

-- CreateTable
CREATE TABLE "event" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "mode" TEXT NOT NULL,
    "venue_name" TEXT,
    "address" TEXT,
    "postcode" TEXT,
    "ward_code" TEXT,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "online_url" TEXT,
    "capacity" INTEGER,
    "campaign_id" UUID,
    "organisation_id" UUID,
    "step_free" BOOLEAN NOT NULL DEFAULT false,
    "hearing_loop" BOOLEAN NOT NULL DEFAULT false,
    "quiet_space" BOOLEAN NOT NULL DEFAULT false,
    "accessibility_notes" TEXT,
    "contact_name" TEXT NOT NULL,
    "contact_email" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "is_example" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" UUID,
    "published_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rsvp" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_normalised" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "confirm_token_hash" TEXT,
    "confirm_token_expires_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "queue_seq" BIGINT,
    "offered_at" TIMESTAMPTZ(3),
    "offer_expires_at" TIMESTAMPTZ(3),
    "still_coming_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "attended_at" TIMESTAMPTZ(3),
    "reminder_sent_at" TIMESTAMPTZ(3),
    "follow_up_sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rsvp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_status_starts_at_idx" ON "event"("status", "starts_at");

-- CreateIndex
CREATE INDEX "event_organisation_id_starts_at_idx" ON "event"("organisation_id", "starts_at");

-- CreateIndex
CREATE INDEX "event_campaign_id_starts_at_idx" ON "event"("campaign_id", "starts_at");

-- CreateIndex
CREATE INDEX "event_ward_code_starts_at_idx" ON "event"("ward_code", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "rsvp_confirm_token_hash_key" ON "rsvp"("confirm_token_hash");

-- CreateIndex
CREATE INDEX "rsvp_event_id_status_queue_seq_idx" ON "rsvp"("event_id", "status", "queue_seq");

-- CreateIndex
CREATE INDEX "rsvp_status_offer_expires_at_idx" ON "rsvp"("status", "offer_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "rsvp_event_id_email_normalised_key" ON "rsvp"("event_id", "email_normalised");

-- CreateIndex
CREATE INDEX "pledge_event_id_idx" ON "pledge"("event_id");

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_ward_code_fkey" FOREIGN KEY ("ward_code") REFERENCES "ward"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rsvp" ADD CONSTRAINT "rsvp_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The order RSVPs were confirmed in (taken under the event's row lock): the waitlist's order.
CREATE SEQUENCE "rsvp_queue_seq";
