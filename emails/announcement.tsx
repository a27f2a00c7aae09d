import { Heading, Hr, Link, Text } from "@react-email/components";
import type { ComponentPropsWithoutRef } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import { EmailLayout, colours } from "./layout";

export type AnnouncementProps = {
  subject: string;
  /** Markdown written by an admin: rendered without HTML (raw HTML is dropped, unsafe links lose their address) */
  body: string;
  /** this recipient's one-click unsubscribe from news, signed when the message was queued */
  unsubscribeUrl: string;
  /** a copy an admin sent to themselves before sending it to everyone */
  test?: boolean;
};

export const subject = (props: AnnouncementProps) => (props.test ? `[Test] ${props.subject}` : props.subject);

// As on the site (app/components/markdown.tsx): no raw HTML, no images, headings a level down.
const ALLOWED = ["p", "a", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "br"];
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"];

type Props<T extends "p" | "a" | "h2" | "blockquote"> = ComponentPropsWithoutRef<T> & { node?: unknown };

function heading(as: "h2" | "h3") {
  function EmailHeading({ children }: Props<"h2">) {
    return <Heading as={as}>{children}</Heading>;
  }
  return EmailHeading;
}

const COMPONENTS: Components = {
  p: ({ children }: Props<"p">) => <Text>{children}</Text>,
  // react-markdown's URL check empties an unsafe address (javascript:, data:): the words stay, with no link.
  a: ({ href, children }: Props<"a">) => (href ? <Link href={href}>{children}</Link> : <>{children}</>),
  h1: heading("h2"),
  h2: heading("h3"),
  h3: heading("h3"),
  h4: heading("h3"),
  h5: heading("h3"),
  h6: heading("h3"),
  hr: () => <Hr />,
  blockquote: ({ children }: Props<"blockquote">) => (
    <blockquote style={{ borderLeft: `4px solid ${colours.brand}`, margin: "16px 0", paddingLeft: "12px" }}>
      {children}
    </blockquote>
  ),
};

export default function AnnouncementEmail(props: AnnouncementProps) {
  return (
    <EmailLayout
      preview={props.subject}
      reason="you agreed to hear the Alliance’s news when you made a pledge or joined as an organisation"
    >
      {props.test ? (
        <Text style={{ fontWeight: "bold", color: colours.muted }}>
          A test: only you got this copy. Nobody else has been sent anything yet.
        </Text>
      ) : null}
      <Heading as="h1">{props.subject}</Heading>
      <ReactMarkdown skipHtml allowedElements={[...ALLOWED, ...HEADINGS]} unwrapDisallowed components={COMPONENTS}>
        {props.body}
      </ReactMarkdown>
      <Hr />
      <Text style={{ color: colours.muted, fontSize: "13px" }}>
        Rather not hear the Alliance’s news? <Link href={props.unsubscribeUrl}>Unsubscribe from news</Link> in one
        click; your pledge and any other emails you chose carry on.
      </Text>
    </EmailLayout>
  );
}

AnnouncementEmail.PreviewProps = {
  subject: "Salford’s pledges pass 5,000",
  body: "Thank you: **5,000 pledges** in a year.\n\n## What comes next\n\n- a stall at Eccles market on Saturday\n- [the map of pledges](http://localhost:3000/map)",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/preview",
} satisfies AnnouncementProps;
