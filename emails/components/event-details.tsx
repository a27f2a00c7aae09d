import { Link, Section, Text } from "@react-email/components";
import { formatEventTime, type EventEmailEvent } from "../../app/models/event";

/** When and where, as every event email shows it (times in Salford's time, whatever the reader's clock says). */
export function EventDetails({ event }: { event: EventEmailEvent }) {
  return (
    <Section style={{ borderLeft: "4px solid #0b5d4b", paddingLeft: "12px", margin: "16px 0" }}>
      <Text style={{ fontSize: "18px", fontWeight: "bold", margin: "0 0 4px" }}>{event.title}</Text>
      <Text style={{ margin: "0 0 4px" }}>When: {formatEventTime(event.startsAt, event.endsAt)}</Text>
      <Text style={{ margin: "0 0 4px" }}>Where: {event.place}</Text>
      <Text style={{ margin: 0 }}>
        More about it: <Link href={event.url}>{event.url}</Link>
      </Text>
    </Section>
  );
}

/** What the preview of every event email shows: a sample event on a July morning. */
export const previewEvent: EventEmailEvent = {
  id: "00000000-0000-0000-0000-000000000000",
  title: "Litter pick on the Crescent",
  startsAt: "2027-07-10T09:00:00.000Z",
  endsAt: "2027-07-10T11:00:00.000Z",
  place: "Peel Park gates, The Crescent, Salford, M5 4WT",
  url: "http://localhost:3000/events/00000000-0000-0000-0000-000000000000",
};
