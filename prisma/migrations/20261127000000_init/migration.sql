-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "quality" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL,

    CONSTRAINT "quality_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "quality_suggestion" (
    "id" TEXT NOT NULL,
    "quality_key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL,

    CONSTRAINT "quality_suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sector" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL,

    CONSTRAINT "sector_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ward" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "population" INTEGER NOT NULL,

    CONSTRAINT "ward_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "postcode" (
    "postcode" TEXT NOT NULL,
    "ward_code" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "postcode_pkey" PRIMARY KEY ("postcode")
);

-- CreateTable
CREATE TABLE "pledge" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "name_display" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_normalised" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "ward_code" TEXT NOT NULL,
    "qualities" TEXT[],
    "commitment" TEXT NOT NULL,
    "commitment_key" TEXT NOT NULL,
    "nudge_consent" BOOLEAN NOT NULL,
    "news_consent" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'resident',
    "is_example" BOOLEAN NOT NULL DEFAULT false,
    "confirm_token_hash" TEXT,
    "confirm_token_expires_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message" (
    "id" BIGSERIAL NOT NULL,
    "template" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "props" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "transport" TEXT,
    "provider_id" TEXT,
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "headers" JSONB,
    "pledge_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tally_delta" (
    "id" BIGSERIAL NOT NULL,
    "dimension" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tally_delta_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tally_counter" (
    "dimension" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tally_counter_pkey" PRIMARY KEY ("dimension")
);

-- CreateIndex
CREATE INDEX "quality_suggestion_quality_key_idx" ON "quality_suggestion"("quality_key");

-- CreateIndex
CREATE UNIQUE INDEX "ward_slug_key" ON "ward"("slug");

-- CreateIndex
CREATE INDEX "postcode_ward_code_idx" ON "postcode"("ward_code");

-- CreateIndex
CREATE UNIQUE INDEX "pledge_confirm_token_hash_key" ON "pledge"("confirm_token_hash");

-- CreateIndex
CREATE INDEX "pledge_confirmed_at_idx" ON "pledge"("confirmed_at" DESC);

-- CreateIndex
CREATE INDEX "pledge_created_at_idx" ON "pledge"("created_at");

-- CreateIndex
CREATE INDEX "pledge_ward_code_confirmed_at_idx" ON "pledge"("ward_code", "confirmed_at" DESC);

-- CreateIndex
CREATE INDEX "pledge_qualities_idx" ON "pledge" USING GIN ("qualities");

-- CreateIndex
CREATE UNIQUE INDEX "pledge_email_normalised_commitment_key_key" ON "pledge"("email_normalised", "commitment_key");

-- CreateIndex
CREATE INDEX "email_message_status_run_after_idx" ON "email_message"("status", "run_after");

-- CreateIndex
CREATE INDEX "email_message_transport_created_at_idx" ON "email_message"("transport", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "quality_suggestion" ADD CONSTRAINT "quality_suggestion_quality_key_fkey" FOREIGN KEY ("quality_key") REFERENCES "quality"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postcode" ADD CONSTRAINT "postcode_ward_code_fkey" FOREIGN KEY ("ward_code") REFERENCES "ward"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_ward_code_fkey" FOREIGN KEY ("ward_code") REFERENCES "ward"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

