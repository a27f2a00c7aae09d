/**
 * The organiser's event form as the server reads it (the browser runs the
 * same schema without the postcode lookup): times typed on a Salford clock on
 * either side of the clock changes, the rules between fields, and what is refused.
 */
import { parseWithZod } from "@conform-to/zod";
import { expect, test } from "vitest";
import { EventPostcodeSchema } from "./event-admin.server";
import { editEventSchema, newEventSchema, ONLINE_URL_MESSAGE } from "./event-form";

const ORG = "8d3f6f0e-1111-4a2b-9c3d-000000000001";
const CAMPAIGN = "8d3f6f0e-1111-4a2b-9c3d-000000000002";
const choices = { organisers: ["alliance", ORG], campaignIds: [CAMPAIGN] };
const NOW = new Date("2027-01-15T12:00:00Z");

function form(fields: Record<string, string>) {
  const all: Record<string, string> = {
    organisation: ORG,
    title: "Litter pick on the Crescent",
    description: "Bring gloves if you have them; we bring the rest.",
    startsAt: "2027-03-06T10:00",
    endsAt: "2027-03-06T12:00",
    mode: "place",
    venueName: "Ordsall Hall",
    address: "322 Ordsall Lane, Salford",
    postcode: "m5 4wt",
    onlineUrl: "",
    capacity: "",
    contactName: "Sam Organiser",
    contactEmail: "sam@example.org",
    ...fields,
  };
  const data = new FormData();
  for (const [key, value] of Object.entries(all)) data.append(key, value);
  return data;
}

function parseNew(fields: Record<string, string>, now = NOW) {
  return parseWithZod(form(fields), { schema: newEventSchema(choices, now).and(EventPostcodeSchema) });
}

function errorsOf(fields: Record<string, string>, now = NOW) {
  const submission = parseNew(fields, now);
  return submission.status === "success" ? {} : (submission.error ?? {});
}

test("a time typed on a Salford clock is that time in Salford, in winter and in summer, across both clock changes", () => {
  const at = (startsAt: string, endsAt: string) => {
    const submission = parseNew({ startsAt, endsAt });
    if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
    return [submission.value.startsAt.toISOString(), submission.value.endsAt.toISOString()];
  };
  // Saturday before the March change (GMT) and the Sunday after it (BST: an hour ahead of UTC).
  expect(at("2027-03-27T10:00", "2027-03-27T12:00")).toEqual(["2027-03-27T10:00:00.000Z", "2027-03-27T12:00:00.000Z"]);
  expect(at("2027-03-28T10:00", "2027-03-28T12:00")).toEqual(["2027-03-28T09:00:00.000Z", "2027-03-28T11:00:00.000Z"]);
  // Across the change itself: 00:30 GMT to 03:00 BST is an hour and a half.
  expect(at("2027-03-28T00:30", "2027-03-28T03:00")).toEqual(["2027-03-28T00:30:00.000Z", "2027-03-28T02:00:00.000Z"]);
  // October: BST the Saturday before, GMT the Sunday after.
  expect(at("2027-10-30T10:00", "2027-10-30T12:00")).toEqual(["2027-10-30T09:00:00.000Z", "2027-10-30T11:00:00.000Z"]);
  expect(at("2027-10-31T10:00", "2027-10-31T12:00")).toEqual(["2027-10-31T10:00:00.000Z", "2027-10-31T12:00:00.000Z"]);
});

test("the end must come after the start; a new event may not start in the past, an edited one may", () => {
  expect(errorsOf({ endsAt: "2027-03-06T09:00" })).toMatchObject({ endsAt: ["The end must be after the start"] });
  expect(errorsOf({ endsAt: "2027-03-06T10:00" })).toMatchObject({ endsAt: ["The end must be after the start"] });
  expect(errorsOf({ startsAt: "2027-01-15T11:00", endsAt: "2027-01-15T13:00" })).toMatchObject({
    startsAt: ["The start must not be in the past"],
  });
  const edited = parseWithZod(form({ startsAt: "2026-01-15T11:00", endsAt: "2026-01-15T13:00" }), {
    schema: editEventSchema(choices),
  });
  expect(edited.status).toBe("success");
  expect(errorsOf({ startsAt: "2027-02-31T10:00" })).toMatchObject({
    startsAt: ["Enter a real date and time, like 06/03/2027 10:00"],
  });
  expect(errorsOf({ startsAt: "tomorrow" })).toHaveProperty("startsAt");
});

test("a place needs a Salford postcode: one elsewhere or no postcode at all is refused at its field", () => {
  expect(parseNew({}).status).toBe("success");
  expect(errorsOf({ postcode: "SW1A 1AA" })).toMatchObject({
    postcode: ["SW1A 1AA is not in Salford. Use a postcode in Salford, like M5 4WT"],
  });
  expect(errorsOf({ postcode: "NOTACODE" })).toMatchObject({
    postcode: ["Enter a full UK postcode, like M5 4WT"],
  });
  expect(errorsOf({ postcode: "" })).toMatchObject({ postcode: ["Enter a Salford postcode"] });
  // Shown together with the other mistakes, not only once they are fixed.
  expect(Object.keys(errorsOf({ postcode: "SW1A 1AA", title: "" }))).toEqual(
    expect.arrayContaining(["postcode", "title"]),
  );
  expect(errorsOf({ venueName: "", address: "" })).toMatchObject({
    venueName: ["Enter the name of the venue"],
    address: ["Enter the venue’s address"],
  });
});

test("an online event needs an https link; an http one or none is refused, and the place's fields are not read", () => {
  const online = { mode: "online", venueName: "", address: "", postcode: "SW1A 1AA" };
  expect(errorsOf({ ...online, onlineUrl: "http://meet.example.org/x" })).toEqual({ onlineUrl: [ONLINE_URL_MESSAGE] });
  expect(errorsOf({ ...online, onlineUrl: "" })).toEqual({ onlineUrl: [ONLINE_URL_MESSAGE] });
  expect(errorsOf({ ...online, onlineUrl: "javascript:alert(1)" })).toEqual({ onlineUrl: [ONLINE_URL_MESSAGE] });
  expect(parseNew({ ...online, onlineUrl: "https://meet.example.org/salford" }).status).toBe("success");
});

test("the capacity is a whole number from 1 to 10,000 or nothing; the campaign and who runs it come from the lists offered", () => {
  expect(errorsOf({ capacity: "0" })).toHaveProperty("capacity");
  expect(errorsOf({ capacity: "10001" })).toHaveProperty("capacity");
  expect(errorsOf({ capacity: "2.5" })).toHaveProperty("capacity");
  const ok = parseNew({ capacity: "10000", campaignId: CAMPAIGN, stepFree: "on" });
  expect(ok.status === "success" && ok.value).toMatchObject({ capacity: 10000, campaignId: CAMPAIGN, stepFree: true });
  expect(errorsOf({ campaignId: "8d3f6f0e-1111-4a2b-9c3d-000000000009" })).toHaveProperty("campaignId");
  expect(errorsOf({ organisation: "8d3f6f0e-1111-4a2b-9c3d-000000000009" })).toHaveProperty("organisation");
  expect(errorsOf({ title: "ab", description: "short" })).toMatchObject({
    title: ["Give the event a title of at least 3 characters"],
    description: ["Describe the event in at least 10 characters"],
  });
  expect(errorsOf({ title: "x".repeat(121) })).toHaveProperty("title");
  expect(errorsOf({ contactEmail: "not-an-address" })).toHaveProperty("contactEmail");
});
