// What tests and pages may rely on in the example data a new embedded database
// is seeded with (example-data.server.ts seeds it; DEMO=0 removes it).

/** The example campaign: published, running from two weeks before seeding to two months after. */
export const EXAMPLE_CAMPAIGN_SLUG = "example-good-neighbours-winter";

/** The ward (Eccles) where three example conditional pledges wait, of the five its condition needs. */
export const EXAMPLE_CONDITION_WARD = "E05013024";

/** A postcode in that ward, for a pledge that joins them. */
export const EXAMPLE_CONDITION_POSTCODE = "M30 0AA";
