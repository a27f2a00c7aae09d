import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { countOrganisationsByStatus } from "~/models/organisation.server";
import { requireRole } from "~/guards/session.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Admin | Salford Social Value City" },
  metaDescription("The Salford Social Value Alliance's admin desk."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  return { role: user.role, organisations: await countOrganisationsByStatus() };
}

export default function AdminPage() {
  const { role, organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Alliance admin</h1>
      <ul>
        {role === "admin" ? (
          <li>
            <Link to="/admin/organisations">Organisations</Link>: {organisations.pending ?? 0} waiting for verification,{" "}
            {organisations.verified ?? 0} verified, {organisations.rejected ?? 0} rejected
          </li>
        ) : null}
        {role === "admin" ? (
          <li>
            <Link to="/admin/campaigns">Campaigns</Link>: make, edit, publish and archive them
          </li>
        ) : null}
        {role === "admin" ? (
          <li>
            <Link to="/admin/emails">Email</Link>: what was sent, what failed and why
          </li>
        ) : (
          <li>Moderators will find the moderation queue here.</li>
        )}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
