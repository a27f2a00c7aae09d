import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { UpcomingEvents } from "~/components/event-card";
import { MAP_ATTRIBUTION } from "~/components/map-legend";
import { PledgeList } from "~/components/pledge-card";
import { WardSvgMap } from "~/components/ward-svg-map";
import { listUpcomingEvents } from "~/models/event.server";
import { listConfirmedPledges } from "~/models/pledge-read.server";
import { FEWER_THAN, SMALL_NUMBER_THRESHOLD, describeFigure } from "~/models/ward-figures";
import { getWardPaths } from "~/models/ward-shapes.server";
import { getWardFigures } from "~/models/tally.server";
import { getWardBySlug } from "~/models/ward.server";
import { QUALITIES } from "~/reference/qualities";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.ward.name} ward | Salford Social Value City` : "Ward not found | Salford Social Value City" },
  metaDescription(
    data
      ? `Social Value City pledges in ${data.ward.name}, Salford: by quality and per 1,000 residents.`
      : "That ward is not here.",
  ),
];

const UPCOMING_EVENTS = 3;

export async function loader({ params }: LoaderFunctionArgs) {
  const ward = await getWardBySlug(params.slug ?? "");
  if (!ward) throw new Response("No Salford ward has that name", { status: 404 });
  const [events, [all, ...byQuality]] = await Promise.all([
    listUpcomingEvents({ wardCode: ward.code, limit: UPCOMING_EVENTS }),
    Promise.all([getWardFigures(), ...QUALITIES.map((q) => getWardFigures({ quality: q.key }))]),
  ]);
  const figure = all.find((f) => f.code === ward.code)!;
  // Rank among the wards whose figure can be shown; a suppressed ward has no rank.
  const ranked = all.filter((f) => !f.fewerThan5).sort((a, b) => b.perThousand! - a.perThousand!);
  const rank = figure.fewerThan5 ? null : ranked.findIndex((f) => f.code === ward.code) + 1;
  const qualities = QUALITIES.map((q, i) => ({
    key: q.key,
    name: q.name,
    figure: byQuality[i]!.find((f) => f.code === ward.code)!,
  }));
  // Listing a ward's few pledges would count them: only from 5 on.
  const newest = figure.fewerThan5 ? { pledges: [] } : await listConfirmedPledges({ wardCode: ward.code, page: 1 });
  return {
    ward: figure,
    rank,
    rankedWards: ranked.length,
    qualities,
    pledges: newest.pledges.slice(0, 10),
    paths: getWardPaths(),
    events,
  };
}

export default function WardPage() {
  const { ward, rank, rankedWards, qualities, pledges, paths, events } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/map">All wards on the map</Link>
      </p>
      <h1>{ward.name}</h1>
      <div className="map-layout">
        <div>
          <dl className="ward-facts">
            <div>
              <dt>Population (Census 2021)</dt>
              <dd>{formatNumber(ward.population)}</dd>
            </div>
            <div>
              <dt>Confirmed pledges</dt>
              <dd data-testid="ward-pledges">{ward.fewerThan5 ? FEWER_THAN : formatNumber(ward.pledges!)}</dd>
            </div>
            <div>
              <dt>Per 1,000 residents</dt>
              <dd>{ward.fewerThan5 ? `not shown for ${FEWER_THAN} pledges` : formatNumber(ward.perThousand!)}</dd>
            </div>
            <div>
              <dt>Rank among Salford’s wards</dt>
              <dd>
                {rank
                  ? `${rank} of the ${rankedWards} wards with at least 5 pledges, by pledges per 1,000 residents`
                  : "not ranked until it has 5 pledges"}
              </dd>
            </div>
          </dl>
          <p>
            <Link to="/pledge" className="button">
              Make a pledge for {ward.name}
            </Link>
          </p>
        </div>
        <div>
          <WardSvgMap paths={paths} highlight={ward.code} label={`Map of Salford with ${ward.name} ward highlighted`} />
          <p className="attribution">{MAP_ATTRIBUTION}.</p>
        </div>
      </div>
      <UpcomingEvents events={events} more={`/events?ward=${ward.slug}`} />
      <h2>Pledges by quality</h2>
      <ul className="quality-counts">
        {qualities.map((q) => (
          <li key={q.key} className="card">
            <strong>{q.figure.fewerThan5 ? FEWER_THAN : formatNumber(q.figure.pledges!)}</strong>
            {q.name}
            <span className="visually-hidden">: {describeFigure(q.figure)}</span>
          </li>
        ))}
      </ul>
      <h2>Newest pledges in {ward.name}</h2>
      {ward.fewerThan5 ? (
        <p>
          {ward.name} has {FEWER_THAN} pledges so far. To protect the people who made them, the pledges of a ward are
          listed here once it has {SMALL_NUMBER_THRESHOLD} or more. Yours could help.
        </p>
      ) : (
        <>
          <PledgeList pledges={pledges} />
          <p>
            <Link to={`/pledges?ward=${ward.slug}`}>All pledges in {ward.name}</Link>
          </p>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
