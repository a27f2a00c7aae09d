import type { ComponentPropsWithoutRef, ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";

/*
 * Markdown written by the Alliance's admins (a campaign's body), rendered
 * safely: raw HTML is dropped, not passed through (skipHtml; react-markdown
 * never parses it without rehype-raw); a link to anything but http(s), mailto
 * and the like (javascript:, data:) loses its address and becomes plain text;
 * images are left out (the Content-Security-Policy would refuse another site's
 * anyway). Headings start at level 2: the page has its own h1.
 */

const ALLOWED = [
  "p",
  "a",
  "strong",
  "em",
  "ul",
  "ol",
  "li",
  "blockquote",
  "code",
  "pre",
  "hr",
  "br",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
];

type HeadingProps = ComponentPropsWithoutRef<"h2"> & { node?: unknown };

/** A heading one level down, so a body's "# Title" is an h2 under the page's h1. */
function heading(Tag: "h2" | "h3" | "h4" | "h5" | "h6") {
  function Heading({ node: _node, ...props }: HeadingProps) {
    return <Tag {...props} />;
  }
  return Heading;
}

function SafeLink({ node: _node, href, children, ...props }: ComponentPropsWithoutRef<"a"> & { node?: unknown }) {
  // react-markdown's URL check empties an unsafe address: show the words, with no link.
  if (!href) return <>{children}</>;
  return (
    <a href={href} {...props}>
      {children}
    </a>
  );
}

const COMPONENTS: Components = {
  h1: heading("h2"),
  h2: heading("h3"),
  h3: heading("h4"),
  h4: heading("h5"),
  h5: heading("h6"),
  h6: heading("h6"),
  a: SafeLink,
};

export function Markdown({ children, className }: { children: string; className?: string }): ReactNode {
  return (
    <div className={className}>
      <ReactMarkdown skipHtml allowedElements={ALLOWED} unwrapDisallowed components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
