-- AlterTable
ALTER TABLE "pledge" ADD COLUMN     "moderation" TEXT NOT NULL DEFAULT 'visible';

-- AlterTable
ALTER TABLE "email_message" ADD COLUMN     "announcement_id" UUID,
ADD COLUMN     "delivery" TEXT,
ADD COLUMN     "delivery_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "news_consent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "totp_enabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_secret" TEXT;

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "second_factor_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "moderation" TEXT NOT NULL DEFAULT 'visible';

-- AlterTable
ALTER TABLE "progress_report" ADD COLUMN     "moderation" TEXT NOT NULL DEFAULT 'visible';

-- AlterTable
ALTER TABLE "check_in" ADD COLUMN     "moderation" TEXT NOT NULL DEFAULT 'visible';

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "moderation" TEXT NOT NULL DEFAULT 'visible';

-- CreateTable
CREATE TABLE "moderation_item" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "item_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "decision" TEXT,
    "hidden_reason" TEXT,
    "author_emailed_at" TIMESTAMPTZ(3),
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderation_report" (
    "id" BIGSERIAL NOT NULL,
    "moderation_item_id" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "contact_email" TEXT,
    "reporter_key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderation_word" (
    "word" TEXT NOT NULL,
    "added_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_word_pkey" PRIMARY KEY ("word")
);

-- CreateTable
CREATE TABLE "help_request" (
    "check_in_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "staff_note" TEXT,
    "digested_at" TIMESTAMPTZ(3),
    "updated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "help_request_pkey" PRIMARY KEY ("check_in_id")
);

-- CreateTable
CREATE TABLE "announcement" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "ward_code" TEXT,
    "quality" TEXT,
    "campaign_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "send_at" TIMESTAMPTZ(3),
    "queued_at" TIMESTAMPTZ(3),
    "recipient_count" INTEGER,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "announcement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "announcement_recipient" (
    "announcement_id" UUID NOT NULL,
    "email_normalised" TEXT NOT NULL,
    "message_id" BIGINT,

    CONSTRAINT "announcement_recipient_pkey" PRIMARY KEY ("announcement_id","email_normalised")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_kind" TEXT NOT NULL,
    "subject_id" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recovery_code" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moderation_item_state_created_at_idx" ON "moderation_item"("state", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "moderation_item_kind_item_id_key" ON "moderation_item"("kind", "item_id");

-- CreateIndex
CREATE INDEX "moderation_report_moderation_item_id_status_idx" ON "moderation_report"("moderation_item_id", "status");

-- CreateIndex
CREATE INDEX "help_request_status_created_at_idx" ON "help_request"("status", "created_at");

-- CreateIndex
CREATE INDEX "help_request_digested_at_idx" ON "help_request"("digested_at");

-- CreateIndex
CREATE INDEX "announcement_status_send_at_idx" ON "announcement"("status", "send_at");

-- CreateIndex
CREATE INDEX "audit_entry_at_idx" ON "audit_entry"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_entry_action_at_idx" ON "audit_entry"("action", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_entry_actor_id_at_idx" ON "audit_entry"("actor_id", "at" DESC);

-- CreateIndex
CREATE INDEX "recovery_code_user_id_idx" ON "recovery_code"("user_id");

-- CreateIndex
CREATE INDEX "email_message_provider_id_idx" ON "email_message"("provider_id");

-- CreateIndex
CREATE INDEX "email_message_announcement_id_idx" ON "email_message"("announcement_id");

-- AddForeignKey
ALTER TABLE "moderation_report" ADD CONSTRAINT "moderation_report_moderation_item_id_fkey" FOREIGN KEY ("moderation_item_id") REFERENCES "moderation_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "help_request" ADD CONSTRAINT "help_request_check_in_id_fkey" FOREIGN KEY ("check_in_id") REFERENCES "check_in"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement_recipient" ADD CONSTRAINT "announcement_recipient_announcement_id_fkey" FOREIGN KEY ("announcement_id") REFERENCES "announcement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The audit log is append-only: the database itself refuses to change or remove an entry, whoever asks.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % is not allowed on audit_entry', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_entry_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();

-- Everyone who has already asked for a hand joins the new queue (and the first daily email).
INSERT INTO "help_request" ("check_in_id", "created_at", "updated_at")
SELECT "id", "created_at", "created_at" FROM "check_in" WHERE "choice" = 'help';
