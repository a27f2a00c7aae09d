import { Button, Heading, Text } from "@react-email/components";
import { formatDate } from "../app/utils/dates";
import { EmailLayout, buttonStyle } from "./layout";

export type PledgeConfirmedProps = {
  name: string;
  commitment: string;
  pledgeUrl: string;
  wardName: string;
  /** the campaign it was made for */
  campaignName?: string;
  /** a conditional pledge still waiting for others: it counts once `threshold` have confirmed by `deadline` */
  waitingFor?: { threshold: number; deadline: string };
};

export const subject = (props: PledgeConfirmedProps) =>
  props.waitingFor
    ? "Your pledge is confirmed: now we wait for others"
    : "Your pledge counts: welcome to Salford Social Value City";

export default function PledgeConfirmedEmail({
  name,
  commitment,
  pledgeUrl,
  wardName,
  campaignName,
  waitingFor,
}: PledgeConfirmedProps) {
  const where = campaignName ? `in ${wardName}, for ${campaignName}` : `in ${wardName}`;
  return (
    <EmailLayout preview="Thank you: your pledge is confirmed">
      <Heading as="h1">Thank you, {name}</Heading>
      {waitingFor ? (
        <Text>
          Your pledge is confirmed, {where}. It is a pledge on condition: it counts once {waitingFor.threshold} people
          have made it, if they do by {formatDate(waitingFor.deadline)}. We will email you either way.
        </Text>
      ) : (
        <Text>Your pledge is confirmed and now counts in Salford’s tally, {where}:</Text>
      )}
      <Text style={{ fontSize: "18px", fontWeight: "bold" }}>“{commitment}”</Text>
      <Text>We will send you a few short reminders to help you keep it, and you can stop them at any time.</Text>
      <Button href={pledgeUrl} style={buttonStyle}>
        See and share your pledge
      </Button>
      <Text>Your pledge’s page: {pledgeUrl}</Text>
    </EmailLayout>
  );
}

PledgeConfirmedEmail.PreviewProps = {
  name: "Jane",
  commitment: "I will get to know a neighbour I have not spoken to before.",
  pledgeUrl: "http://localhost:3000/pledges/00000000-0000-0000-0000-000000000000",
  wardName: "Ordsall",
} satisfies PledgeConfirmedProps;
