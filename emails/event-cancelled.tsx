import { Heading, Link, Text } from "@react-email/components";
import { formatEventTime, type EventEmailProps } from "../app/models/event";
import { previewEvent } from "./components/event-details";
import { EmailLayout } from "./layout";

export type EventCancelledProps = EventEmailProps["event-cancelled"];

export const subject = ({ event }: EventCancelledProps) => `Cancelled: ${event.title}`;

export default function EventCancelledEmail({ name, event }: EventCancelledProps) {
  return (
    <EmailLayout preview="Sorry: this event is not going ahead" reason="you said you were coming to an event">
      <Heading as="h1">Sorry, {name}: this event is cancelled</Heading>
      <Text>
        The organiser has cancelled <strong>{event.title}</strong>, which was to be on{" "}
        {formatEventTime(event.startsAt, event.endsAt)} at {event.place}.
      </Text>
      <Text>
        You do not need to do anything: your place or your spot on the waiting list has gone with it. If you added it to
        your calendar, you can delete it there.
      </Text>
      <Text>
        We are sorry for the change of plans. The <Link href={event.url}>event’s page</Link> ({event.url}) says more
        from the organiser.
      </Text>
    </EmailLayout>
  );
}

EventCancelledEmail.PreviewProps = { name: "Jane", event: previewEvent } satisfies EventCancelledProps;
