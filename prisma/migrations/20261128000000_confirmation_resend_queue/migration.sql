-- CreateTable
CREATE TABLE "confirmation_resend_request" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "confirmation_resend_request_pkey" PRIMARY KEY ("id")
);
