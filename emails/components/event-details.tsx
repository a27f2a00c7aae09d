import { Button, Link, Section, Text } from "@react-email/components";
import { buttonStyle } from "../layout";
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

/** An online event's joining link, for those with a place (it is never shown anywhere public). */
export function JoiningLink({ url }: { url: string }) {
  return (
    <>
      <Text>It is online. Join here when it starts (please keep this link to yourself):</Text>
      <Button href={url} style={buttonStyle}>
        Join the event
      </Button>
      <Text>{url}</Text>
    </>
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
