// What tests and pages may rely on in the example data a new embedded database
// is seeded with (example-data.server.ts seeds it; DEMO=0 removes it).

/** The example campaign: published, running from two weeks before seeding to two months after. */
export const EXAMPLE_CAMPAIGN_SLUG = "example-good-neighbours-winter";

/** The ward (Eccles) where three example conditional pledges wait, of the five its condition needs. */
export const EXAMPLE_CONDITION_WARD = "E05013024";

/** A postcode in that ward, for a pledge that joins them. */
export const EXAMPLE_CONDITION_POSTCODE = "M30 0AA";

/** The two example events: one at a place in Eccles (the example campaign's, with a capacity), one online. */
export const EXAMPLE_EVENT_IDS = {
  place: "00000000-0000-4000-9000-600000000001",
  online: "00000000-0000-4000-9000-600000000002",
} as const;

/** How many example attendees are going to the example event at a place. */
export const EXAMPLE_EVENT_GOING = 5;
