import { Button, Heading, Link, Text } from "@react-email/components";
import { formatOfferEnd, type EventEmailProps } from "../app/models/event";
import { EventDetails, previewEvent } from "./components/event-details";
import { EmailLayout, buttonStyle } from "./layout";

export type RsvpOfferProps = EventEmailProps["rsvp-offer"];

export const subject = ({ event }: RsvpOfferProps) => `A place has come up: ${event.title}`;

export default function RsvpOfferEmail({ name, event, acceptUrl, declineUrl, expiresAt }: RsvpOfferProps) {
  const until = formatOfferEnd(expiresAt);
  return (
    <EmailLayout
      preview={`A place is yours if you want it, until ${until}`}
      reason="you joined the waiting list for an event"
    >
      <Heading as="h1">Good news, {name}: a place has come up</Heading>
      <Text>Someone can no longer come, and you are next on the waiting list for:</Text>
      <EventDetails event={event} />
      <Text>
        We are holding the place for you until {until}. After that it goes to the next person waiting. The button opens
        a page where you press “Take the place”.
      </Text>
      <Button href={acceptUrl} style={buttonStyle}>
        Take the place
      </Button>
      <Text>Or copy this link into your browser: {acceptUrl}</Text>
      <Text>
        Can’t make it now? <Link href={declineUrl}>Pass the place on</Link> ({declineUrl}) and it goes to the next
        person straight away.
      </Text>
    </EmailLayout>
  );
}

RsvpOfferEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  acceptUrl: "http://localhost:3000/rsvp/preview-token/accept",
  declineUrl: "http://localhost:3000/rsvp/preview-token/decline",
  expiresAt: "2027-07-08T13:30:00.000Z",
} satisfies RsvpOfferProps;
