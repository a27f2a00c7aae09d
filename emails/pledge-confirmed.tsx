import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type PledgeConfirmedProps = {
  name: string;
  commitment: string;
  pledgeUrl: string;
  wardName: string;
};

export const subject = () => "Your pledge counts: welcome to Salford Social Value City";

export default function PledgeConfirmedEmail({ name, commitment, pledgeUrl, wardName }: PledgeConfirmedProps) {
  return (
    <EmailLayout preview="Thank you: your pledge is confirmed and counted">
      <Heading as="h1">Thank you, {name}</Heading>
      <Text>Your pledge is confirmed and now counts in Salford’s tally, in {wardName}:</Text>
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
