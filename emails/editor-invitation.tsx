import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type EditorInvitationProps = { organisationName: string; acceptUrl: string; days: number };

export const subject = (props?: EditorInvitationProps) =>
  `You are invited to edit ${props?.organisationName ?? "an organisation"} on Salford Social Value City`;

export default function EditorInvitationEmail({ organisationName, acceptUrl, days }: EditorInvitationProps) {
  return (
    <EmailLayout
      preview={`Join ${organisationName} as an editor`}
      reason={`a member of ${organisationName} invited this address`}
    >
      <Heading as="h1">Join {organisationName}</Heading>
      <Text>
        You are invited to help keep {organisationName}’s commitments and progress up to date on Salford Social Value
        City. The link works for {days} days; you sign in with this email address.
      </Text>
      <Button href={acceptUrl} style={buttonStyle}>
        Accept the invitation
      </Button>
      <Text>Or copy this link into your browser: {acceptUrl}</Text>
    </EmailLayout>
  );
}

EditorInvitationEmail.PreviewProps = {
  organisationName: "Broughton Trust",
  acceptUrl: "http://localhost:3000/invitations/preview-token",
  days: 14,
} satisfies EditorInvitationProps;
