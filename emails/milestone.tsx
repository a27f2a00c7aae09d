import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type MilestoneProps = {
  /** the campaign's name, or null for the city's movement */
  campaignName: string | null;
  percent: number;
  count: number;
  target: number;
  url: string;
};

const what = (props: MilestoneProps) => props.campaignName ?? "Salford Social Value City";

export const subject = (props: MilestoneProps) =>
  props.percent >= 100 ? `${what(props)} has reached its target!` : `${what(props)} is ${props.percent}% of the way`;

export default function MilestoneEmail(props: MilestoneProps) {
  const { percent, count, target, url } = props;
  return (
    <EmailLayout
      preview={`${count.toLocaleString("en-GB")} pledges: ${percent}% of the target`}
      reason="you made a pledge and asked to hear when it passes a milestone"
    >
      <Heading as="h1">{percent >= 100 ? "We did it!" : `${percent}% of the way there`}</Heading>
      <Text>
        {what(props)} has {count.toLocaleString("en-GB")} pledges, {percent}% of its target of{" "}
        {target.toLocaleString("en-GB")}. Yours is one of them: thank you.
      </Text>
      <Text>
        {percent >= 100
          ? "Every pledge from here is a bonus. Keep going, and keep your own."
          : "Ask one person you know to make a pledge too: that is how we get there."}
      </Text>
      <Button href={url} style={buttonStyle}>
        See how far we have come
      </Button>
      <Text>{url}</Text>
    </EmailLayout>
  );
}

MilestoneEmail.PreviewProps = {
  campaignName: "Clean Streets Salford",
  percent: 50,
  count: 250,
  target: 500,
  url: "http://localhost:3000/campaigns/clean-streets",
} satisfies MilestoneProps;
