import { Button, Heading, Link, Text } from "@react-email/components";
import type { EventEmailProps } from "../app/models/event";
import { EventDetails, previewEvent } from "./components/event-details";
import { EmailLayout, buttonStyle } from "./layout";

export type EventReminderProps = EventEmailProps["event-reminder"];

export const subject = ({ event }: EventReminderProps) => `Coming soon: ${event.title}`;

export default function EventReminderEmail({
  name,
  event,
  stillComingUrl,
  cantComeUrl,
  onlineUrl,
}: EventReminderProps) {
  return (
    <EmailLayout preview="A reminder: are you still coming?" reason="you have a place at an event">
      <Heading as="h1">See you soon, {name}</Heading>
      <Text>A reminder that you have a place at:</Text>
      <EventDetails event={event} />
      {onlineUrl ? (
        <Text>
          It is online: <Link href={onlineUrl}>join here</Link> when it starts ({onlineUrl}).
        </Text>
      ) : null}
      <Text>Please tell us whether you are still coming. It takes one tap.</Text>
      <Button href={stillComingUrl} style={buttonStyle}>
        Still coming
      </Button>
      <Text>
        Plans changed? <Link href={cantComeUrl}>I can’t come now</Link> ({cantComeUrl}): your place goes to the next
        person on the waiting list.
      </Text>
    </EmailLayout>
  );
}

EventReminderEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  stillComingUrl: "http://localhost:3000/rsvp/preview-token/still-coming",
  cantComeUrl: "http://localhost:3000/rsvp/preview-token/cancel",
  onlineUrl: null,
} satisfies EventReminderProps;
