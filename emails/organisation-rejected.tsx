import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "./layout";

export type OrganisationRejectedProps = { organisationName: string; reason: string };

export const subject = () => "About your Salford Social Value City registration";

export default function OrganisationRejectedEmail({ organisationName, reason }: OrganisationRejectedProps) {
  return (
    <EmailLayout
      preview="The Alliance could not verify your organisation"
      reason={`you registered ${organisationName}`}
    >
      <Heading as="h1">We could not verify {organisationName}</Heading>
      <Text>
        The Salford Social Value Alliance looked at the registration and could not verify it, for this reason:
      </Text>
      <Text style={{ fontStyle: "italic" }}>{reason}</Text>
      <Text>If something has changed, or you think this is a mistake, reply to this email and we will look again.</Text>
    </EmailLayout>
  );
}

OrganisationRejectedEmail.PreviewProps = {
  organisationName: "Example Ltd",
  reason: "We could not find the organisation at the address given.",
} satisfies OrganisationRejectedProps;
