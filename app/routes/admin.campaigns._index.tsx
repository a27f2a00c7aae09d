import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listCampaignsForAdmin } from "~/models/campaign-admin.server";
import { requireRole } from "~/guards/session.server";
import { formatDate } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction = () => [
  { title: "Campaigns | Alliance admin" },
  metaDescription("Every Social Value City campaign, drafts included: make, edit, publish and archive them."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { campaigns: await listCampaignsForAdmin() };
}

const PHASE_WORDS = { draft: "draft", upcoming: "upcoming", running: "running", past: "past" } as const;

export default function AdminCampaignsPage() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Campaigns</h1>
      <p>
        <Link to="/admin/campaigns/new" className="button">
          New campaign
        </Link>
      </p>
      {campaigns.length === 0 ? (
        <p>No campaigns yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Campaign (edit)</th>
                <th scope="col">Status</th>
                <th scope="col">Runs</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id} data-campaign={c.slug}>
                  <td>
                    <Link to={`/admin/campaigns/${c.id}`}>{c.name}</Link>
                    {c.isExample ? <span className="tag example">Example</span> : null}
                  </td>
                  <td>
                    {c.status}
                    {c.status === "published" ? ` (${PHASE_WORDS[c.phase]})` : null}
                  </td>
                  <td>
                    {formatDate(c.startsOn, { calendarDate: true })} to {formatDate(c.endsOn, { calendarDate: true })}
                  </td>
                  <td>{formatNumber(c.target)}</td>
                </tr>
              ))}
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
