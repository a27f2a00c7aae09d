import { randomUUID } from "node:crypto";
import { withDatabase } from "./database";

/*
 * Events written straight into the e2e site's database, as an organiser would
 * have published (or cancelled) them, for the public pages that show them.
 * Each test deletes what it made.
 */

export type PublicTestEvent = { id: string; title: string };

export type PublicTestEventOptions = {
  title?: string;
  description?: string;
  /** when it starts, from now, as PostgreSQL reads an interval: "5 days", "-1 hour" */
  startsIn?: string;
  /** how many hours it lasts */
  hours?: number;
  /** an online event with this joining link, instead of one at Ordsall Hall */
  onlineUrl?: string;
  /** null: no limit */
  capacity?: number | null;
  /** step-free, with a quiet space */
  accessible?: boolean;
  /** how many people are going */
  going?: number;
  status?: "published" | "cancelled" | "draft";
  campaignId?: string;
};

/**
 * An event at Ordsall Hall (Ordsall ward) five days from now for two hours,
 * step-free with a quiet space, with a capacity of 10 and no one going yet;
 * published. Each of these unless told otherwise.
 */
export async function createPublicEvent(options: PublicTestEventOptions = {}): Promise<PublicTestEvent> {
  const id = randomUUID();
  const title = options.title ?? `Canal clean-up ${id.slice(0, 8)}`;
  const place = options.onlineUrl
    ? [null, null, null, null, null, null]
    : ["Ordsall Hall", "322 Ordsall Lane, Salford", "M5 4WT", "E05013028", 53.4735, -2.2782];
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO event (id, title, description, starts_at, ends_at, mode, online_url, venue_name, address, postcode,
         ward_code, lat, lon, capacity, campaign_id, step_free, quiet_space, contact_name, contact_email, status,
         published_at, cancelled_at)
       VALUES ($1, $2, $3, now() + $4::interval, now() + $4::interval + make_interval(hours => $5), $6, $7, $8, $9,
         $10, $11, $12, $13, $14, $15, $16, $16, 'Sam Organiser', 'organiser@example.org', $17,
         CASE WHEN $17 = 'draft' THEN NULL ELSE now() END, CASE WHEN $17 = 'cancelled' THEN now() END)`,
      [
        id,
        title,
        options.description ?? "We clear the towpath together.\n\n**Gloves** and bags provided.",
        options.startsIn ?? "5 days",
        options.hours ?? 2,
        options.onlineUrl ? "online" : "place",
        options.onlineUrl ?? null,
        ...place,
        options.capacity === undefined ? 10 : options.capacity,
        options.campaignId ?? null,
        options.accessible ?? true,
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
