import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listOutboxMessages } from "~/models/outbox.server";
import { requireOutboxAccess } from "~/utils/outbox-access.server";
import { formatDateTime } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Local outbox | Salford Social Value City" },
  metaDescription("Emails kept in the local outbox instead of being sent."),
  { name: "robots", content: "noindex" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  requireOutboxAccess(context);
  const messages = await listOutboxMessages();
  return { messages: messages.map(({ id, to, subject, createdAt }) => ({ id, to, subject, createdAt })) };
}

export default function OutboxPage() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Local outbox</h1>
      <p>
        Without RESEND_API_KEY, email is kept here instead of being sent. Newest first; also as{" "}
        <a href="/dev/outbox.json">JSON</a>.
      </p>
      {messages.length === 0 ? (
        <p>No messages yet. Emails appear a second or so after they are queued.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Emails in the local outbox</caption>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.to}</td>
                <td>
                  <Link to={`/dev/outbox/${m.id}`}>{m.subject}</Link>
                </td>
                <td>{formatDateTime(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
