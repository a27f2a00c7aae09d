import { Heading, Link, Text } from "@react-email/components";
import type { EventEmailProps } from "../app/models/event";
import { calendarAttachment } from "./components/calendar-attachment";
import { EventDetails, JoiningLink, previewEvent } from "./components/event-details";
import { EmailLayout } from "./layout";

export type RsvpGoingProps = EventEmailProps["rsvp-going"];

export const subject = ({ event }: RsvpGoingProps) => `You’re going: ${event.title}`;

/** The event's calendar file (sent through the single-send endpoint: docs/email.md). */
export const attachments = ({ event }: RsvpGoingProps, queuedAt: Date) => [calendarAttachment(event, queuedAt)];

export default function RsvpGoingEmail({ name, event, cancelUrl, onlineUrl }: RsvpGoingProps) {
  return (
    <EmailLayout preview="Your place is saved: see you there" reason="you said you are coming to an event">
      <Heading as="h1">See you there, {name}!</Heading>
      <Text>You have a place at:</Text>
      <EventDetails event={event} />
      {onlineUrl ? <JoiningLink url={onlineUrl} /> : null}
      <Text>
        The event is attached to this email as a calendar file (.ics): open it to add the event to your calendar. We
        will send you a reminder the day before.
      </Text>
      <Text>
        If you cannot come after all, please let us know so someone else can have your place:{" "}
        <Link href={cancelUrl}>I can’t come</Link> ({cancelUrl}).
      </Text>
    </EmailLayout>
  );
}

RsvpGoingEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  cancelUrl: "http://localhost:3000/rsvp/preview-token/cancel",
  onlineUrl: null,
} satisfies RsvpGoingProps;
