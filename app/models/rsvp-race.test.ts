/**
 * The races an event's places must survive, as they happen on the site: many
 * confirmations at once across two web processes, and people giving up
 * places at the same moment.
 */
import { beforeEach, expect, test } from "vitest";
import { processReadyOnCue } from "../../tests/on-cue";
import { prisma } from "~/utils/db.server";
import { createEvent, rsvpAndConfirm, rsvpFor } from "../../tests/events";
import { rsvpToken } from "./rsvp-links.server";
import { actOnRsvp } from "./rsvp.server";

beforeEach(async () => {
  await prisma.emailMessage.deleteMany();
  await prisma.rsvp.deleteMany();
  await prisma.event.deleteMany();
});

/** A web process that presses these confirmation links when told "go"; resolves once it is connected and waiting. */
const processReadyToConfirm = (tokens: string[]) => processReadyOnCue<string[]>("tests/rsvp-confirm-on-cue.ts", tokens);

test("100 confirmations at once for 10 places, across two web processes: exactly 10 going and 90 waiting, in the order they confirmed", async () => {
  const event = await createEvent({ capacity: 10 });
  const tokens: string[] = [];
  for (let i = 0; i < 100; i += 1) tokens.push(await rsvpFor(event.id, `person${i}@example.org`, `Person ${i}`));
  // Interleaved, so each process holds people from the whole list.
  const [first, second] = await Promise.all([
    processReadyToConfirm(tokens.filter((_, i) => i % 2 === 0)),
    processReadyToConfirm(tokens.filter((_, i) => i % 2 === 1)),
  ]);
  first.go();
  second.go();
  const statuses = (await Promise.all([first.result, second.result])).flat();
  expect(statuses.filter((s) => s === "going")).toHaveLength(10);
  expect(statuses.filter((s) => s === "waiting")).toHaveLength(90);

  const rsvps = await prisma.rsvp.findMany({ where: { eventId: event.id }, orderBy: { queueSeq: "asc" } });
  expect(rsvps.filter((r) => r.status === "going")).toHaveLength(10);
  expect(rsvps.filter((r) => r.status === "waiting")).toHaveLength(90);
  // Places went to the first ten to confirm; the waitlist follows the order of confirmation.
  expect(rsvps.map((r) => r.status)).toEqual([...Array(10).fill("going"), ...Array(90).fill("waiting")]);
  const byConfirmation = [...rsvps].sort((a, b) => a.confirmedAt!.getTime() - b.confirmedAt!.getTime());
  expect(byConfirmation.map((r) => r.id)).toEqual(rsvps.map((r) => r.id));
  expect(new Set(rsvps.map((r) => r.queueSeq)).size).toBe(100);

  // Each person heard once, and the waiting heard their place in the queue: 1 to 90, in that order.
  const going = await prisma.emailMessage.findMany({ where: { template: "rsvp-going" } });
  expect(going.map((m) => m.toAddress).sort()).toEqual(
    rsvps
      .filter((r) => r.status === "going")
      .map((r) => r.email)
      .sort(),
  );
  const waiting = await prisma.emailMessage.findMany({ where: { template: "rsvp-waiting" } });
  const positionOf = new Map(waiting.map((m) => [m.toAddress, (m.props as { position: number }).position]));
  expect(waiting).toHaveLength(90);
  expect(rsvps.filter((r) => r.status === "waiting").map((r) => positionOf.get(r.email))).toEqual(
    Array.from({ length: 90 }, (_, i) => i + 1),
  );
}, 180_000);

test("two people cancel at the same moment: two places offered, to the first two waiting, each once, never over capacity", async () => {
  const event = await createEvent({ capacity: 2 });
  const [a, b] = [await rsvpAndConfirm(event.id, "a@example.org"), await rsvpAndConfirm(event.id, "b@example.org")];
  for (const email of ["c@example.org", "d@example.org", "e@example.org"]) await rsvpAndConfirm(event.id, email);
  const cancel = (rsvpId: string) => actOnRsvp(rsvpToken(rsvpId, "cancel"));
  const results = await Promise.all([cancel(a.rsvpId), cancel(b.rsvpId), cancel(a.rsvpId), cancel(b.rsvpId)]);
  expect(results.map((r) => r.status).sort()).toEqual(["done", "done", "unchanged", "unchanged"]);

  const rsvps = await prisma.rsvp.findMany({ where: { eventId: event.id }, orderBy: { queueSeq: "asc" } });
  expect(rsvps.map((r) => [r.email, r.status])).toEqual([
    ["a@example.org", "cancelled"],
    ["b@example.org", "cancelled"],
    ["c@example.org", "offered"],
    ["d@example.org", "offered"],
    ["e@example.org", "waiting"],
  ]);
  const offers = await prisma.emailMessage.findMany({ where: { template: "rsvp-offer" } });
  expect(offers.map((m) => m.toAddress).sort()).toEqual(["c@example.org", "d@example.org"]);
});
