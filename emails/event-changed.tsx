import { Button, Heading, Link, Text } from "@react-email/components";
import { formatOfferEnd, type EventEmailProps } from "../app/models/event";
import { calendarAttachment } from "./components/calendar-attachment";
import { EventDetails, JoiningLink, previewEvent } from "./components/event-details";
import { EmailLayout, buttonStyle } from "./layout";

export type EventChangedProps = EventEmailProps["event-changed"];

export const subject = ({ event }: EventChangedProps) => `Changed: ${event.title}`;

/** Those going get the new calendar file, which replaces the old entry; the others have none to replace. */
export const attachments = ({ event, status }: EventChangedProps, queuedAt: Date) =>
  status === "going" ? [calendarAttachment(event, queuedAt)] : [];

const REASON: Record<EventChangedProps["status"], string> = {
  going: "you have a place at an event",
  offered: "you have been offered a place at an event",
  waiting: "you are on the waiting list for an event",
};

const THEIR_PLACE: Record<EventChangedProps["status"], string> = {
  going: "your place",
  offered: "the place",
  waiting: "a place",
};

export default function EventChangedEmail(props: EventChangedProps) {
  const { name, event, changes, status, cancelUrl } = props;
  return (
    <EmailLayout preview="An event you replied to has changed" reason={REASON[status]}>
      <Heading as="h1">A change to your event, {name}</Heading>
      <Text>The organiser has changed the details of {event.title}:</Text>
      {changes.map((change) => (
        <Text key={change} style={{ fontWeight: "bold" }}>
          {change}
        </Text>
      ))}
      <Text>Here it is as it stands now:</Text>
      <EventDetails event={event} />
      <Standing {...props} />
      <Text>
        If the change means you cannot come, please <Link href={cancelUrl}>let us know</Link> ({cancelUrl}) so someone
        else can have {THEIR_PLACE[status]}.
      </Text>
    </EmailLayout>
  );
}

/** Where the reader stands now, and what they need for it: the joining link, or the offer's link and end. */
function Standing({ status, onlineUrl, acceptUrl, expiresAt }: EventChangedProps) {
  if (status === "offered" && acceptUrl && expiresAt)
    return (
      <>
        <Text>
          A place is still held for you until {formatOfferEnd(expiresAt)}. After that it goes to the next person
          waiting. The button opens a page where you press “Take the place”.
        </Text>
        <Button href={acceptUrl} style={buttonStyle}>
          Take the place
        </Button>
        <Text>Or copy this link into your browser: {acceptUrl}</Text>
      </>
    );
  if (status === "going")
    return (
      <>
        <Text>
          Your place is still saved. The new details are attached as a calendar file (.ics): open it and your calendar’s
          entry is updated.
        </Text>
        {onlineUrl ? <JoiningLink url={onlineUrl} /> : null}
      </>
    );
  return <Text>You are still on the waiting list, and we will email you if a place comes up.</Text>;
}

EventChangedEmail.PreviewProps = {
  name: "Jane",
  event: previewEvent,
  changes: ["It now starts at 10:00 and ends at 12:00 (it was 09:00 to 11:00)."],
  status: "going",
  cancelUrl: "http://localhost:3000/rsvp/preview-token/cancel",
  onlineUrl: null,
  acceptUrl: null,
  expiresAt: null,
} satisfies EventChangedProps;
