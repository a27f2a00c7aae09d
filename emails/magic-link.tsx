import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export type MagicLinkProps = { signInUrl: string; minutes: number };

export const subject = () => "Your sign-in link for Salford Social Value City";

export default function MagicLinkEmail({ signInUrl, minutes }: MagicLinkProps) {
  return (
    <EmailLayout preview="Sign in to Salford Social Value City" reason="someone asked to sign in with this address">
      <Heading as="h1">Sign in</Heading>
      <Text>The button opens a page where you press “Sign in”. The link works once, for {minutes} minutes.</Text>
      <Button href={signInUrl} style={buttonStyle}>
        Sign in
      </Button>
      <Text>Or copy this link into your browser: {signInUrl}</Text>
      <Text>If you did not ask to sign in, ignore this email: nothing happens unless the link is used.</Text>
    </EmailLayout>
  );
}

MagicLinkEmail.PreviewProps = {
  signInUrl: "http://localhost:3000/login/preview-token",
  minutes: 15,
} satisfies MagicLinkProps;
