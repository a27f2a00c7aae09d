import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { createContext, useContext, type ReactNode } from "react";

/** Set by the sender for each recipient: where they choose which emails they get. */
export const EmailRecipientContext = createContext<{ preferencesUrl?: string }>({});

export const colours = { ink: "#1b1b1b", brand: "#0b5d4b", muted: "#4a4a4a", paper: "#f6f4ef" };

/** The frame every Salford Social Value City email shares. */
export function EmailLayout({
  preview,
  children,
  reason = "this address was used to make a pledge",
}: {
  preview: string;
  children: ReactNode;
  /** Why this address gets this email: "… because {reason}." */
  reason?: string;
}) {
  const { preferencesUrl } = useContext(EmailRecipientContext);
  return (
    <Html lang="en-GB">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colours.paper, color: colours.ink, fontFamily: "Arial, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ fontWeight: "bold", color: colours.brand, margin: 0 }}>Salford Social Value City</Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={{ color: colours.muted, fontSize: "13px" }}>
            Sent by the Salford Social Value Alliance because {reason}.
          </Text>
          {preferencesUrl ? (
            <Text style={{ color: colours.muted, fontSize: "13px" }}>
              <Link href={preferencesUrl}>Choose which emails you get</Link> (reminders, updates, event follow-ups,
              digests and news, each on its own).
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  backgroundColor: colours.brand,
  color: "#ffffff",
  padding: "12px 20px",
  borderRadius: "4px",
  fontWeight: "bold",
  textDecoration: "none",
};
