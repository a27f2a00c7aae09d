import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type OrganisationVerifiedProps = { organisationName: string; profileUrl: string };

export const subject = (props?: OrganisationVerifiedProps) =>
  `${props?.organisationName ?? "Your organisation"} is verified on Salford Social Value City`;

export default function OrganisationVerifiedEmail({ organisationName, profileUrl }: OrganisationVerifiedProps) {
  return (
    <EmailLayout preview="Your organisation is verified" reason={`you are a member of ${organisationName}`}>
      <Heading as="h1">{organisationName} is verified</Heading>
      <Text>
        The Salford Social Value Alliance has verified {organisationName}. Its profile now shows the verified badge, it
        appears on the map, and its commitments count in Salford’s tally.
      </Text>
      <Button href={profileUrl} style={buttonStyle}>
        See your profile
      </Button>
    </EmailLayout>
  );
}

OrganisationVerifiedEmail.PreviewProps = {
  organisationName: "Broughton Trust",
  profileUrl: "http://localhost:3000/organisations/broughton-trust",
} satisfies OrganisationVerifiedProps;
