import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type ConfirmOrganisationEmailProps = { organisationName: string; confirmUrl: string };

export const subject = () => "Confirm your organisation’s contact email";

export default function ConfirmOrganisationEmail({ organisationName, confirmUrl }: ConfirmOrganisationEmailProps) {
  return (
    <EmailLayout
      preview={`Confirm the contact email for ${organisationName}`}
      reason={`it was given as the contact for ${organisationName}`}
    >
      <Heading as="h1">Confirm the contact email for {organisationName}</Heading>
      <Text>
        {organisationName} registered with Salford Social Value City and gave this address as its contact. Press the
        button, then “Confirm this address”, so the Alliance can verify the organisation.
      </Text>
      <Button href={confirmUrl} style={buttonStyle}>
        Confirm this address
      </Button>
      <Text>Or copy this link into your browser: {confirmUrl}</Text>
    </EmailLayout>
  );
}

ConfirmOrganisationEmail.PreviewProps = {
  organisationName: "Broughton Trust",
  confirmUrl: "http://localhost:3000/organisations/confirm/preview-token",
} satisfies ConfirmOrganisationEmailProps;
