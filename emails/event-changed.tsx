import { Heading, Link, Text } from "@react-email/components";
import type { EventEmailProps } from "../app/models/event";
import { calendarAttachment } from "./components/calendar-attachment";
import { EventDetails, previewEvent } from "./components/event-details";
import { EmailLayout } from "./layout";

export type EventChangedProps = EventEmailProps["event-changed"];

export const subject = ({ event }: EventChangedProps) => `Changed: ${event.title}`;

/** Those going get the new calendar file, which replaces the old entry; those waiting have none to replace. */
export const attachments = ({ event, going }: EventChangedProps, queuedAt: Date) =>
  going ? [calendarAttachment(event, queuedAt)] : [];

export default function EventChangedEmail({ name, event, changes, going, cancelUrl }: EventChangedProps) {
  return (
    <EmailLayout
      preview="The event you are going to has changed"
      reason={going ? "you have a place at an event" : "you are on the waiting list for an event"}
    >
      <Heading as="h1">A change to your event, {name}</Heading>
      <Text>The organiser has changed the details of {event.title}:</Text>
      {changes.map((change) => (
        <Text key={change} style={{ fontWeight: "bold" }}>
          {change}
        </Text>
      ))}
      <Text>Here it is as it stands now:</Text>
      <EventDetails event={event} />
      {going ? (
        <Text>
          Your place is still saved. The new details are attached as a calendar file (.ics): open it and your calendar’s
          entry is updated.
        </Text>
      ) : (
        <Text>You are still on the waiting list, and we will email you if a place comes up.</Text>
      )}
      <Text>
        If the change means you cannot come, please <Link href={cancelUrl}>let us know</Link> ({cancelUrl}) so someone
        else can have {going ? "your place" : "a place"}.
      </Text>
    </EmailLayout>
  );
}

EventChangedEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  changes: ["It now starts at 10:00 and ends at 12:00 (it was 09:00 to 11:00)."],
  going: true,
  cancelUrl: "http://localhost:3000/rsvp/preview-token/cancel",
} satisfies EventChangedProps;
