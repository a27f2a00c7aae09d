-- The map filters wards by quality, so the tally now also counts ward x quality
-- (docs/decisions/003). Count the pledges confirmed before this dimension existed.
INSERT INTO "tally_counter" ("dimension", "count", "updated_at")
SELECT 'ward:' || "ward_code" || ':quality:' || q, count(*), now()
FROM "pledge", unnest("qualities") AS q
WHERE "confirmed_at" IS NOT NULL
GROUP BY 1
ON CONFLICT ("dimension") DO UPDATE SET "count" = EXCLUDED."count", "updated_at" = now();
