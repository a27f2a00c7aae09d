import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAnnouncements } from "~/models/announcement.server";
import { STATUS_WORDS } from "~/models/announcement";
import { requireRole } from "~/guards/session.server";
import { formatDateTime } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction = () => [
  { title: "Announcements | Alliance admin" },
  metaDescription("The Alliance's news emails: write one, send it, and see how many it reached."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { announcements: await listAnnouncements() };
}

export default function AdminAnnouncementsPage() {
  const { announcements } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Announcements</h1>
      <p className="lead">
        News from the Alliance, by email, to the pledgers and organisation members who agreed to hear it.
      </p>
      <p>
        <Link to="/admin/announcements/new" className="button">
          New announcement
        </Link>
      </p>
      {announcements.length === 0 ? (
        <p>No announcements yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">
              Announcements, newest first; figures for those sent (unsubscribed: from news, since it went)
            </caption>
            <thead>
              <tr>
                <th scope="col">Announcement</th>
                <th scope="col">Status</th>
                <th scope="col">Recipients</th>
                <th scope="col">Sent</th>
                <th scope="col">Delivered</th>
                <th scope="col">Bounced</th>
                <th scope="col">Unsubscribed</th>
              </tr>
            </thead>
            <tbody>
              {announcements.map((a) => {
                const gone = a.status === "sent" || a.status === "sending";
                const figure = (n: number) => (gone ? formatNumber(n) : "–");
                return (
                  <tr key={a.id} data-announcement={a.id}>
                    <th scope="row">
                      <Link to={`/admin/announcements/${a.id}`}>{a.subject}</Link>
                    </th>
                    <td>
                      {STATUS_WORDS[a.status]}
                      {a.sendAt && a.status !== "draft" && a.status !== "cancelled"
                        ? ` (${formatDateTime(a.sendAt)})`
                        : null}
                    </td>
                    <td>{figure(a.figures.recipients)}</td>
                    <td>{figure(a.figures.sent)}</td>
                    <td>{figure(a.figures.delivered)}</td>
                    <td>{figure(a.figures.bounced)}</td>
                    <td>{figure(a.figures.unsubscribed)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
