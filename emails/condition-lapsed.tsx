import { Button, Heading, Text } from "@react-email/components";
import type { ConditionEmailProps } from "./condition-met";
import { EmailLayout, buttonStyle } from "./layout";

export const subject = () => "Not this time: your pledge on condition did not reach its number";

export default function ConditionLapsedEmail({
  name,
  commitment,
  campaignName,
  campaignUrl,
  signers,
  threshold,
}: ConditionEmailProps) {
  return (
    <EmailLayout preview="Not enough people pledged in time, so your pledge does not count">
      <Heading as="h1">Not this time, {name}</Heading>
      <Text>
        You pledged for {campaignName} on condition that {threshold} people would too. By the deadline {signers} had,
        so, as you asked, your pledge does not count and nothing more is expected of you:
      </Text>
      <Text style={{ fontSize: "18px", fontWeight: "bold" }}>“{commitment}”</Text>
      <Text>Thank you for offering. You can still make a pledge without a condition, any time.</Text>
      <Button href={campaignUrl} style={buttonStyle}>
        See the campaign
      </Button>
      <Text>The campaign: {campaignUrl}</Text>
    </EmailLayout>
  );
}

ConditionLapsedEmail.PreviewProps = {
  name: "Jane",
  commitment: "I will join a litter pick in my street once a month.",
  campaignName: "Clean Streets Salford",
  campaignUrl: "http://localhost:3000/campaigns/clean-streets",
  pledgeUrl: "http://localhost:3000/pledges/00000000-0000-0000-0000-000000000000",
  signers: 12,
  threshold: 20,
} satisfies ConditionEmailProps;
