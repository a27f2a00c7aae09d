import { randomUUID } from "node:crypto";
import { withDatabase } from "./database";

/*
 * Events written straight into the e2e site's database, as an organiser would
 * have published (or cancelled) them, for the public pages that show them.
 * Each test deletes what it made.
 */

export type PublicTestEvent = { id: string; title: string };

/**
 * An event at Ordsall Hall (Ordsall ward) `inDays` from now for two hours, with
 * a capacity of 10 and `going` people going; published unless told.
 */
export async function createPublicEvent(
  options: { inDays?: number; going?: number; status?: "published" | "cancelled" | "draft"; campaignId?: string } = {},
): Promise<PublicTestEvent> {
  const id = randomUUID();
  const title = `Canal clean-up ${id.slice(0, 8)}`;
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO event (id, title, description, starts_at, ends_at, mode, venue_name, address, postcode, ward_code,
         lat, lon, capacity, campaign_id, step_free, quiet_space, contact_name, contact_email, status, published_at,
         cancelled_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), now() + make_interval(days => $4, hours => 2),
         'place', 'Ordsall Hall', '322 Ordsall Lane, Salford', 'M5 4WT', 'E05013028', 53.4735, -2.2782, 10, $5,
         true, true, 'Sam Organiser', 'organiser@example.org', $6, now(), CASE WHEN $6 = 'cancelled' THEN now() END)`,
      [
        id,
        title,
        "We clear the towpath together.\n\n**Gloves** and bags provided.",
        options.inDays ?? 5,
        options.campaignId ?? null,
        options.status ?? "published",
      ],
    );
    for (let i = 0; i < (options.going ?? 0); i++) {
      const email = `going-${id.slice(0, 8)}-${i}@example.org`;
      await client.query(
        `INSERT INTO rsvp (id, event_id, name, email, email_normalised, status, confirmed_at, queue_seq)
         VALUES ($1, $2, 'A Neighbour', $3, $3, 'going', now(), nextval('rsvp_queue_seq'))`,
        [randomUUID(), id, email],
      );
    }
  });
  return { id, title };
}

export async function deleteEvent(event: PublicTestEvent) {
  await withDatabase((client) => client.query("DELETE FROM event WHERE id = $1", [event.id]));
}
