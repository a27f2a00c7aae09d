import { Button, Heading, Hr, Link, Section, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type NudgeItem = {
  commitment: string;
  qualityName: string;
  idea: string;
  pledgeUrl: string;
  doneUrl: string;
  goingUrl: string;
  helpUrl: string;
  changeUrl: string;
};

export type PledgeNudgeProps = { name: string; items: NudgeItem[] };

export const subject = (props?: PledgeNudgeProps) =>
  props && props.items.length > 1 ? "How are your Salford pledges going?" : "How is your Salford pledge going?";

const choice = { ...buttonStyle, display: "inline-block", margin: "0 8px 8px 0", padding: "10px 14px" };

export default function PledgeNudgeEmail({ name, items }: PledgeNudgeProps) {
  return (
    <EmailLayout
      preview="One tap to tell us how your pledge is going"
      reason="you made a pledge and asked for reminders"
    >
      <Heading as="h1">How is it going, {name}?</Heading>
      {items.map((item) => (
        <Section key={item.pledgeUrl}>
          <Text style={{ fontSize: "18px", fontWeight: "bold" }}>“{item.commitment}”</Text>
          <Text>
            An idea for {item.qualityName.toLowerCase()}: {item.idea}
          </Text>
          <Text>One tap tells us where you are (you can add a note on the next page):</Text>
          {[
            [item.doneUrl, "Done it"],
            [item.goingUrl, "Still going"],
            [item.helpUrl, "Need a hand"],
            [item.changeUrl, "Change my pledge"],
          ].map(([href, label]) => (
            <Text key={label} style={{ margin: "0 0 8px" }}>
              <Button href={href} style={choice}>
                {label}
              </Button>
            </Text>
          ))}
          <Text>
            <Link href={item.pledgeUrl}>See your pledge</Link>
          </Text>
          <Hr />
        </Section>
      ))}
      <Text>“Done it” stops these reminders for that pledge. You will never get more than one a week.</Text>
    </EmailLayout>
  );
}

PledgeNudgeEmail.PreviewProps = {
  name: "Jane",
  items: [
    {
      commitment: "I will get to know a neighbour I have not spoken to before.",
      qualityName: "Values and ethos",
      idea: "Say hello to someone on your street you usually walk past.",
      pledgeUrl: "http://localhost:3000/pledges/00000000-0000-4000-8000-000000000001",
      doneUrl: "http://localhost:3000/check-in/preview?choice=done",
      goingUrl: "http://localhost:3000/check-in/preview?choice=going",
      helpUrl: "http://localhost:3000/check-in/preview?choice=help",
      changeUrl: "http://localhost:3000/check-in/preview?choice=change",
    },
  ],
} satisfies PledgeNudgeProps;
