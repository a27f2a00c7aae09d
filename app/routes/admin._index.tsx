import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatEventTime } from "~/models/event";
import { listEventsForAdmin } from "~/models/event-admin.server";
import { countOrganisationsByStatus } from "~/models/organisation.server";
import { requireRole } from "~/guards/session.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Admin | Salford Social Value City" },
  metaDescription("The Salford Social Value Alliance's admin desk."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const [organisations, events] = await Promise.all([
    countOrganisationsByStatus(),
    user.role === "admin" ? listEventsForAdmin() : [],
  ]);
  return {
    role: user.role,
    organisations,
    events: events.map((e) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      when: formatEventTime(e.startsAt, e.endsAt),
      organiser: e.organisation?.name ?? "the Alliance",
    })),
  };
}

export default function AdminPage() {
  const { role, organisations, events } = useLoaderData<typeof loader>();
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
            <Link to="/events/new">Make an event</Link>: for the Alliance or any verified organisation
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
      {role === "admin" && events.length ? (
        <>
          <h2>Events</h2>
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                <Link to={`/events/${e.id}/manage`}>{e.title}</Link>: {e.when}, run by {e.organiser}
                {e.status === "published" ? "" : ` (${e.status})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
