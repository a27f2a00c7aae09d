import { Button, Heading, Text } from "@react-email/components";
import type { EventEmailProps } from "../app/models/event";
import { EventDetails, previewEvent } from "./components/event-details";
import { EmailLayout, buttonStyle } from "./layout";

export type RsvpConfirmProps = EventEmailProps["rsvp-confirm"];

export const subject = ({ event }: RsvpConfirmProps) => `Confirm your place: ${event.title}`;

export default function RsvpConfirmEmail({ name, event, confirmUrl }: RsvpConfirmProps) {
  return (
    <EmailLayout
      preview="One more step: confirm you are coming"
      reason="this address was used to say you are coming to an event"
    >
      <Heading as="h1">Are you coming, {name}?</Heading>
      <Text>You said you would like to come to:</Text>
      <EventDetails event={event} />
      <Text>
        Your place is only saved once you confirm. The button opens a page where you press “Confirm my place”.
      </Text>
      <Button href={confirmUrl} style={buttonStyle}>
        Confirm my place
      </Button>
      <Text>Or copy this link into your browser: {confirmUrl}</Text>
      <Text>If this was not you, ignore this email and nothing will happen.</Text>
    </EmailLayout>
  );
}

RsvpConfirmEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  confirmUrl: "http://localhost:3000/rsvp/preview-token",
} satisfies RsvpConfirmProps;
