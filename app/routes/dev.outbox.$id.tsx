import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getOutboxMessage } from "~/models/outbox.server";
import { requireOutboxAccess } from "~/utils/outbox-access.server";
import { formatDateTime } from "~/utils/dates";
import { emailAttachments } from "~/utils/email.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Email | Local outbox" },
  metaDescription("An email kept in the local outbox."),
  { name: "robots", content: "noindex" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireOutboxAccess(context);
  const message = await getOutboxMessage(params.id ?? "");
  if (!message) throw new Response("No such message", { status: 404 });
  return {
    to: message.toAddress,
    subject: message.subject ?? "",
    html: message.html ?? "",
    text: message.text ?? "",
    createdAt: message.createdAt.toISOString(),
    // Made again from the props, exactly as it was sent (stamped with the time it was queued).
    attachments: emailAttachments({
      template: message.template,
      props: message.props,
      queuedAt: message.createdAt,
    }).map(
      // Sent as base64; shown as the text it is.
      (a) => ({ ...a, content: Buffer.from(a.content, "base64").toString("utf8") }),
    ),
  };
}

export default function OutboxMessagePage() {
  const message = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/dev/outbox">Back to the outbox</Link>
      </p>
      <h1>{message.subject}</h1>
      <p>
        To: {message.to}
        <br />
        Sent: {formatDateTime(message.createdAt)}
      </p>
      <h2>As HTML</h2>
      {/* The email's own HTML, in a sandbox; links open in this tab so the journey can be followed. */}
      <iframe
        title={`The email: ${message.subject}`}
        srcDoc={message.html.replace("<head>", '<head><base target="_top">')}
        sandbox="allow-top-navigation-by-user-activation allow-popups"
        style={{ width: "100%", height: "36rem", border: "1px solid #c9c4b8", background: "#fff" }}
      />
      <h2>As plain text</h2>
      <pre className="outbox-message" style={{ whiteSpace: "pre-wrap", padding: "1rem" }}>
        {message.text}
      </pre>
      {message.attachments.map((attachment) => (
        <section key={attachment.filename} aria-label={`Attached: ${attachment.filename}`}>
          <h2>
            Attached: {attachment.filename} ({attachment.contentType})
          </h2>
          <pre className="outbox-message" style={{ whiteSpace: "pre-wrap", padding: "1rem" }}>
            {attachment.content}
          </pre>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
