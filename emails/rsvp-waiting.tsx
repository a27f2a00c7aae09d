import { Heading, Link, Text } from "@react-email/components";
import type { EventEmailProps } from "../app/models/event";
import { EventDetails, previewEvent } from "./components/event-details";
import { EmailLayout } from "./layout";

export type RsvpWaitingProps = EventEmailProps["rsvp-waiting"];

export const subject = ({ event }: RsvpWaitingProps) => `You’re on the waiting list: ${event.title}`;

export default function RsvpWaitingEmail({ name, event, position, cancelUrl }: RsvpWaitingProps) {
  return (
    <EmailLayout
      preview={`The event is full: you are number ${position} on the waiting list`}
      reason="you said you would like to come to an event"
    >
      <Heading as="h1">You’re on the waiting list, {name}</Heading>
      <Text>Thank you for confirming. This event is full for now:</Text>
      <EventDetails event={event} />
      <Text>
        You are number {position} on the waiting list. If a place comes up, we will email you straight away and hold it
        for you for a while, so keep an eye on your inbox.
      </Text>
      <Text>
        If you no longer want a place, you can <Link href={cancelUrl}>leave the waiting list</Link> ({cancelUrl}).
      </Text>
    </EmailLayout>
  );
}

RsvpWaitingEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  position: 3,
  cancelUrl: "http://localhost:3000/rsvp/preview-token/cancel",
} satisfies RsvpWaitingProps;
