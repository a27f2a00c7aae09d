import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CommitmentProgress, toCommitmentView } from "~/components/commitment-progress";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { UpcomingEvents } from "~/components/event-card";
import { MAP_ATTRIBUTION } from "~/components/map-legend";
import { WardSvgMap } from "~/components/ward-svg-map";
import { ReportLink } from "~/components/report-link";
import { listUpcomingEvents } from "~/models/event.server";
import { isPublicOrganisation } from "~/models/organisation";
import { getMembership, getOrganisation } from "~/models/organisation.server";
import { getWardPaths, projectPoint } from "~/models/ward-shapes.server";
import { appUrl } from "~/utils/env.server";
import { getUser } from "~/guards/session.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.organisation.name} | Salford Social Value City`
      : "Organisation not found | Salford Social Value City",
  },
  metaDescription(
    data ? `${data.organisation.name}'s Social Value City commitments and progress.` : "That organisation is not here.",
  ),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisation = await getOrganisation(params.slug ?? "");
  if (!organisation) throw new Response("No organisation has that address", { status: 404 });
  const user = await getUser(request);
  const canManage = Boolean(user && (user.role === "admin" || (await getMembership(user.id, organisation.id))));
  // Until the Alliance verifies it, and while its words wait for a moderator or were hidden, only its members (and admins) can see it.
  const shown = isPublicOrganisation(organisation);
  if (!shown && !canManage) throw new Response("No organisation has that address", { status: 404 });
  const badgeUrl = appUrl(`/organisations/${organisation.slug}/badge.svg`);
  // Its events are public while it is (an organisation the public cannot see is not named as theirs).
  const events = shown ? await listUpcomingEvents({ organisationId: organisation.id, limit: 3 }) : [];
  return {
    organisation: {
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      status: organisation.status,
      moderation: organisation.moderation,
      shown,
      sector: organisation.sector.name,
      ward: organisation.ward,
      address: organisation.address,
      website: organisation.website,
      description: organisation.description,
      isExample: organisation.isExample,
    },
    commitments: organisation.commitments.map((c) => toCommitmentView(c, { members: canManage })),
    canManage,
    badgeUrl,
    paths: getWardPaths(),
    pin: projectPoint(organisation.lon, organisation.lat),
    events,
  };
}

export default function OrganisationPage() {
  const { organisation, commitments, canManage, badgeUrl, paths, pin, events } = useLoaderData<typeof loader>();
  const verified = organisation.status === "verified";
  return (
    <>
      <h1>{organisation.name}</h1>
      <p>
        {organisation.isExample ? <span className="tag example">Example</span> : null}
        {verified ? (
          <span className="badge-verified">Verified by the Salford Social Value Alliance</span>
        ) : (
          <span className="badge-pending">
            {organisation.status === "pending"
              ? "Waiting for verification: only you can see this page"
              : "Not verified"}
          </span>
        )}
      </p>
      {organisation.moderation === "visible" ? null : (
        <p className="notice" data-testid="organisation-moderation">
          {organisation.moderation === "held"
            ? "Its name and description wait for a quick check by the Alliance’s moderators: until then only its members see this page."
            : "The Alliance’s moderators hid this organisation: only its members see this page."}
        </p>
      )}
      <div className="map-layout">
        <div>
          <p className="lead">{organisation.description}</p>
          <p className="meta">
            {organisation.sector}. {organisation.address}, in{" "}
            <Link to={`/wards/${organisation.ward.slug}`}>{organisation.ward.name}</Link>.
          </p>
          {organisation.website ? (
            <p>
              <a href={organisation.website} rel="noopener noreferrer">
                {organisation.website}
              </a>
            </p>
          ) : null}
          {canManage ? (
            <p>
              <Link to={`/organisations/${organisation.slug}/manage`}>Manage commitments and members</Link>
            </p>
          ) : null}
        </div>
        <div>
          <WardSvgMap
            paths={paths}
            highlight={organisation.ward.code}
            pin={pin}
            label={`Map of Salford showing ${organisation.name} in ${organisation.ward.name}`}
          />
          <p className="attribution">{MAP_ATTRIBUTION}.</p>
        </div>
      </div>
      <UpcomingEvents events={events} more={`/events?organisation=${organisation.slug}`} />
      <h2>Commitments</h2>
      {commitments.length === 0 ? (
        <p>No commitments published yet.</p>
      ) : (
        commitments.map((c) => <CommitmentProgress key={c.id} commitment={c} reportable={organisation.shown} />)
      )}
      {organisation.shown ? (
        <p>
          <ReportLink kind="organisation" id={organisation.id} />
        </p>
      ) : null}
      {organisation.shown ? (
        <>
          <h2>Badge for your website</h2>
          <p>
            <img
              src={`/organisations/${organisation.slug}/badge.svg`}
              alt={`${organisation.name}: a verified Salford Social Value City organisation`}
              width={240}
              height={64}
            />
          </p>
          <label htmlFor="badge-code">Copy this into your site’s HTML</label>
          <textarea
            id="badge-code"
            readOnly
            value={`<a href="${badgeUrl.replace("/badge.svg", "")}"><img src="${badgeUrl}" alt="${organisation.name}: a verified Salford Social Value City organisation" width="240" height="64"></a>`}
          />
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
