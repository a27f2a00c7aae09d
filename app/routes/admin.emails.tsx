import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { emailReport } from "~/models/email-report.server";
import { requireRole } from "~/guards/session.server";
import { formatDateTime } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction = () => [
  { title: "Email | Alliance admin" },
  metaDescription("What the site has emailed, and what failed, for Alliance admins."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return emailReport();
}

export default function AdminEmailsPage() {
  const { counts, failures, suppressed } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Email</h1>
      <h2>Messages by state</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Kind</th>
            <th scope="col">Messages</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={`${c.status}-${c.category}`}>
              <td>{c.status}</td>
              <td>{c.category}</td>
              <td>{formatNumber(c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Suppressed addresses</h2>
      <p>{suppressed.length === 0 ? "None." : suppressed.map((s) => `${s.count} by ${s.reason}`).join(", ")}</p>
      <h2>Failures</h2>
      {failures.length === 0 ? (
        <p>No message has failed.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">To</th>
              <th scope="col">Why</th>
              <th scope="col">Queued</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.id}>
                <td>{f.template}</td>
                <td>{f.toAddress}</td>
                <td>{f.lastError}</td>
                <td>{formatDateTime(f.createdAt)}</td>
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
