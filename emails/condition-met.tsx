import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

/** What "It's on" and "Not this time" both say about the condition. */
export type ConditionEmailProps = {
  name: string;
  commitment: string;
  campaignName: string;
  campaignUrl: string;
  pledgeUrl: string;
  /** confirmed signers when it was settled */
  signers: number;
  threshold: number;
};

export const subject = () => "It’s on: enough people have pledged, so your pledge now counts";

export default function ConditionMetEmail({
  name,
  commitment,
  campaignName,
  pledgeUrl,
  signers,
  threshold,
}: ConditionEmailProps) {
  return (
    <EmailLayout preview="Your pledge on condition is on: it counts from today">
      <Heading as="h1">It’s on, {name}!</Heading>
      <Text>
        You pledged for {campaignName} on condition that {threshold} people would too. {signers} have, so your pledge
        now counts in Salford’s tally, from today:
      </Text>
      <Text style={{ fontSize: "18px", fontWeight: "bold" }}>“{commitment}”</Text>
      <Text>Now it is time to do it. Thank you for getting others to join you.</Text>
      <Button href={pledgeUrl} style={buttonStyle}>
        See your pledge
      </Button>
      <Text>Your pledge’s page: {pledgeUrl}</Text>
    </EmailLayout>
  );
}

ConditionMetEmail.PreviewProps = {
  name: "Jane",
  commitment: "I will join a litter pick in my street once a month.",
  campaignName: "Clean Streets Salford",
  campaignUrl: "http://localhost:3000/campaigns/clean-streets",
  pledgeUrl: "http://localhost:3000/pledges/00000000-0000-0000-0000-000000000000",
  signers: 20,
  threshold: 20,
} satisfies ConditionEmailProps;
