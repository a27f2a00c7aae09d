-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "is_example" BOOLEAN NOT NULL DEFAULT false;
