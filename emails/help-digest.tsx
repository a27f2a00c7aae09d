import { Button, Heading, Hr, Section, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type HelpDigestRequest = {
  name: string;
  ward: string;
  /** the pledge's words */
  commitment: string;
  /** the note they left with "Need a hand", if any */
  note: string | null;
  /** when they asked, as a person in Salford reads it */
  askedAt: string;
};

export type HelpDigestProps = {
  /** every new request this email tells of: those listed, and any beyond the list */
  count: number;
  requests: HelpDigestRequest[];
  /** /admin/help on this site: staff sign in there as they always do; the link itself signs no one in */
  queueUrl: string;
};

const people = (count: number) => (count === 1 ? "1 person" : `${count} people`);

export const subject = (props?: HelpDigestProps) =>
  `Need a hand: ${people(props?.count ?? 0)} asked since the last email`;

export default function HelpDigestEmail({ count, requests, queueUrl }: HelpDigestProps) {
  const more = count - requests.length;
  return (
    <EmailLayout
      preview={`${people(count)} answered "Need a hand" when checking in on their pledge`}
      reason={"this is the Alliance's address for people who ask for a hand"}
    >
      <Heading as="h1">{people(count)} asked for a hand</Heading>
      <Text>
        {count === 1 ? "This pledger" : "These pledgers"} answered &ldquo;Need a hand&rdquo; when checking in on their
        pledge. Their email addresses are in the help queue, where you can mark each one contacted or closed.
      </Text>
      {requests.map((r, i) => (
        <Section key={i}>
          <Text style={{ fontWeight: "bold", marginBottom: 0 }}>
            {r.name}, {r.ward}
          </Text>
          <Text style={{ marginTop: 0, color: "#4a4a4a" }}>Asked {r.askedAt}</Text>
          <Text>Their pledge: &ldquo;{r.commitment}&rdquo;</Text>
          <Text>{r.note ? `Their note: ${r.note}` : "They left no note."}</Text>
          <Hr />
        </Section>
      ))}
      {more > 0 ? <Text>And {people(more)} more: the help queue lists everyone.</Text> : null}
      <Button href={queueUrl} style={buttonStyle}>
        Open the help queue
      </Button>
      <Text>
        Or go to <a href={queueUrl}>{queueUrl}</a> and sign in with your own account if asked.
      </Text>
    </EmailLayout>
  );
}

HelpDigestEmail.PreviewProps = {
  count: 2,
  requests: [
    {
      name: "Jane Smith",
      ward: "Ordsall",
      commitment: "I will get to know a neighbour I have not spoken to before.",
      note: "I would like to start a street WhatsApp group but do not know where to begin.",
      askedAt: "27 Nov 2026, 18:12",
    },
    {
      name: "Sam Patel",
      ward: "Eccles",
      commitment: "I will volunteer at the food bank once a month.",
      note: null,
      askedAt: "28 Nov 2026, 07:40",
    },
  ],
  queueUrl: "http://localhost:3000/admin/help",
} satisfies HelpDigestProps;
