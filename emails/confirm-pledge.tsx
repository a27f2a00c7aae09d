import { Button, Heading, Text } from "@react-email/components";
import { formatDate } from "../app/utils/dates";
import { EmailLayout, buttonStyle } from "./layout";

export type ConfirmPledgeProps = {
  name: string;
  commitment: string;
  qualityNames: string[];
  confirmUrl: string;
  expiresAt: string;
};

export const subject = () => "Confirm your Salford Social Value City pledge";

export default function ConfirmPledgeEmail({
  name,
  commitment,
  qualityNames,
  confirmUrl,
  expiresAt,
}: ConfirmPledgeProps) {
  const expires = formatDate(expiresAt);
  return (
    <EmailLayout preview="One more step: confirm your pledge so it counts">
      <Heading as="h1">Confirm your pledge, {name}</Heading>
      <Text>You pledged:</Text>
      <Text style={{ fontSize: "18px", fontWeight: "bold" }}>“{commitment}”</Text>
      <Text>Qualities: {qualityNames.join(", ")}</Text>
      <Text>
        Your pledge counts in Salford’s tally once you confirm it. The button opens a page where you press “Confirm my
        pledge”.
      </Text>
      <Button href={confirmUrl} style={buttonStyle}>
        Confirm my pledge
      </Button>
      <Text>Or copy this link into your browser: {confirmUrl}</Text>
      <Text>
        The link works once, until {expires}. If you did not make this pledge, ignore this email and nothing will
        happen; unconfirmed pledges are deleted after 7 days.
      </Text>
    </EmailLayout>
  );
}

ConfirmPledgeEmail.PreviewProps = {
  name: "Jane",
  commitment: "I will get to know a neighbour I have not spoken to before.",
  qualityNames: ["Values and ethos"],
  confirmUrl: "http://localhost:3000/confirm/preview-token",
  expiresAt: "2026-12-04T12:00:00.000Z",
} satisfies ConfirmPledgeProps;
