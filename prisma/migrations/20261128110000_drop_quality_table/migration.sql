-- Nothing read this either: pledges and commitments store a quality's key, checked against
-- app/reference/qualities.ts, and every page takes the wording from there.

-- DropTable
DROP TABLE "quality";
