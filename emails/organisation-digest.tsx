import { Button, Heading, Hr, Section, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type DigestCommitment = { title: string; progress: string; reportUrl: string };
export type OrganisationDigestProps = {
  organisationName: string;
  month: string;
  commitments: DigestCommitment[];
  profileUrl: string;
};

export const subject = (props?: OrganisationDigestProps) =>
  `${props?.organisationName ?? "Your organisation"}: your commitments in ${props?.month ?? "this month"}`;

export default function OrganisationDigestEmail({
  organisationName,
  month,
  commitments,
  profileUrl,
}: OrganisationDigestProps) {
  return (
    <EmailLayout
      preview={`Where ${organisationName}'s commitments stand`}
      reason={`you are a member of ${organisationName}`}
    >
      <Heading as="h1">
        {organisationName}: {month}
      </Heading>
      <Text>Where your commitments stand. One tap opens the progress form, filled in with your last figure.</Text>
      {commitments.map((c) => (
        <Section key={c.reportUrl}>
          <Text style={{ fontWeight: "bold" }}>{c.title}</Text>
          <Text>{c.progress}</Text>
          <Button href={c.reportUrl} style={buttonStyle}>
            Report progress
          </Button>
          <Hr />
        </Section>
      ))}
      <Text>
        Your public profile: <a href={profileUrl}>{profileUrl}</a>
      </Text>
    </EmailLayout>
  );
}

OrganisationDigestEmail.PreviewProps = {
  organisationName: "Broughton Trust",
  month: "November 2026",
  commitments: [
    {
      title: "Host 12 community meetings",
      progress: "4 of 12 meetings (33%).",
      reportUrl: "http://localhost:3000/organisations/broughton-trust/commitments/x/progress?value=4",
    },
  ],
  profileUrl: "http://localhost:3000/organisations/broughton-trust",
} satisfies OrganisationDigestProps;
