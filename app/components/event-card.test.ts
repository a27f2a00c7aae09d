import { expect, test } from "vitest";
import { eventPlace, eventPlaces } from "./event-card";

const upcoming = { status: "published" as const, ended: false, attended: 0 };

test("places in words: going and left, no limit, full (the waitlist), nothing for a cancelled event, attended once it has ended", () => {
  expect(eventPlaces({ ...upcoming, going: 7, capacity: 10, placesLeft: 3 })).toBe("7 going, 3 places left");
  expect(eventPlaces({ ...upcoming, going: 9, capacity: 10, placesLeft: 1 })).toBe("9 going, 1 place left");
  expect(eventPlaces({ ...upcoming, going: 2, capacity: null, placesLeft: null })).toBe("2 going, no limit on places");
  // One held for someone offered it: full, though only 9 are going yet.
  expect(eventPlaces({ ...upcoming, going: 9, capacity: 10, placesLeft: 0 })).toBe("9 going. Full: join the waitlist");
  expect(eventPlaces({ ...upcoming, status: "cancelled", going: 4, capacity: 10, placesLeft: 6 })).toBeNull();
  expect(eventPlaces({ ...upcoming, ended: true, attended: 1200, going: 1300, capacity: null, placesLeft: null })).toBe(
    "1,200 attended",
  );
  expect(eventPlaces({ ...upcoming, ended: true, attended: 0, going: 3, capacity: 5, placesLeft: 2 })).toBeNull();
});

test("a place in words: venue, address and postcode, or Online", () => {
  expect(
    eventPlace({ mode: "place", venueName: "Ordsall Hall", address: "322 Ordsall Lane", postcode: "M5 4WT" }),
  ).toBe("Ordsall Hall, 322 Ordsall Lane, M5 4WT");
  expect(eventPlace({ mode: "place", venueName: null, address: "1 High Street", postcode: "M27 6AB" })).toBe(
    "1 High Street, M27 6AB",
  );
  expect(eventPlace({ mode: "online", venueName: null, address: null, postcode: null })).toBe("Online");
});
