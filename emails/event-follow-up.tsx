import { Button, Heading, Text } from "@react-email/components";
import type { EventEmailProps } from "../app/models/event";
import { previewEvent } from "./components/event-details";
import { EmailLayout, buttonStyle } from "./layout";

export type EventFollowUpProps = EventEmailProps["event-follow-up"];

export const subject = ({ event }: EventFollowUpProps) => `Thank you for coming to ${event.title}`;

export default function EventFollowUpEmail({ name, event, pledgeUrl, hasPledge }: EventFollowUpProps) {
  return (
    <EmailLayout preview="Thank you for coming: what next?" reason="you had a place at an event">
      <Heading as="h1">Thank you for coming, {name}</Heading>
      <Text>
        It was good to have you at {event.title}. Events like this are how Salford’s neighbours, organisations and
        businesses get to know each other, and it only works when people turn up.
      </Text>
      {hasPledge ? (
        <>
          <Text>
            You already have a pledge. How is it going? A quick check-in helps you keep it, and helps us count.
          </Text>
          <Button href={pledgeUrl} style={buttonStyle}>
            Check in on my pledge
          </Button>
        </>
      ) : (
        <>
          <Text>
            If the day gave you an idea, turn it into a pledge: one thing you will do to make Salford a better place. It
            takes a minute.
          </Text>
          <Button href={pledgeUrl} style={buttonStyle}>
            Make a pledge
          </Button>
        </>
      )}
      <Text>Or copy this link into your browser: {pledgeUrl}</Text>
    </EmailLayout>
  );
}

EventFollowUpEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  pledgeUrl: "http://localhost:3000/pledge?campaign=clean-streets",
  hasPledge: false,
} satisfies EventFollowUpProps;
