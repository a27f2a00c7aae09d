import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ClientOnly, useHydrated } from "~/components/client-only";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MapLegend, MAP_ATTRIBUTION } from "~/components/map-legend";
import WardMap from "~/components/ward-map.client";
import { mapCampaignFrom, mapFilterFrom, mapFilterQuery } from "~/models/map-filter";
import { getMapView } from "~/models/map-view.server";
import {
  FEWER_THAN,
  SMALL_NUMBER_THRESHOLD,
  classBreaks,
  describeFigure,
  type WardFeatureProperties,
} from "~/models/ward-figures";
import { wardFeatures } from "~/models/ward-shapes.server";
import { FilterSelect } from "~/components/filter-select";
import { QUALITY_OPTIONS, SECTOR_OPTIONS } from "~/reference/options";
import { QUALITY_BY_KEY } from "~/reference/qualities";
import { getEnv } from "~/utils/env.server";
import { readBoundary } from "~/utils/reference.server";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

// Leaflet's stylesheet loads on map pages only.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.campaign
      ? `Map of pledges for ${data.campaign.name} by ward | Salford Social Value City`
      : "Map of pledges by ward | Salford Social Value City",
  },
  metaDescription(
    data?.campaign
      ? `Salford's 20 wards shaded by pledges made for ${data.campaign.name}, per 1,000 residents, with organisations and upcoming events on the map.`
      : "Salford's 20 wards shaded by Social Value City pledges per 1,000 residents, with organisations and upcoming events on the map.",
  ),
];

const SORTS = ["name", "pledges", "perThousand"] as const;
const TableSort = z.object({
  sort: z.enum(SORTS).catch("perThousand"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = mapFilterFrom(url);
  if (!filter.success)
    throw new Response(`That filter is not valid: ${filter.error.issues[0]!.message}.`, { status: 400 });
  const { sort, dir } = TableSort.parse({ sort: url.searchParams.get("sort"), dir: url.searchParams.get("dir") });
  const { figures, pins, ...view } = await getMapView(filter.data, mapCampaignFrom(url));
  const breaks = classBreaks(figures);
  // Suppressed wards sort as zero: their order among themselves says nothing.
  const key = (f: (typeof figures)[number]) =>
    sort === "name" ? f.name : sort === "pledges" ? (f.pledges ?? 0) : (f.perThousand ?? 0);
  const rows = [...figures].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = typeof x === "string" ? x.localeCompare(y as string) : x - (y as number);
    return (dir === "asc" ? order : -order) || a.name.localeCompare(b.name);
  });
  const env = getEnv();
  return {
    ...view,
    sort,
    dir,
    rows,
    breaks,
    // The map draws these: the same figures as the table, with the ward shapes (as /api/wards.geojson serves them).
    wards: wardFeatures(figures, breaks),
    boundary: readBoundary(),
    pins,
    tileUrl: env.MAP_TILE_URL,
    tileAttribution: env.MAP_TILE_ATTRIBUTION,
  };
}

function summaryOf(rows: ReturnType<typeof useLoaderData<typeof loader>>["rows"]) {
  const shown = rows.filter((r) => !r.fewerThan5);
  const few = rows.length - shown.length;
  if (shown.length === 0) return `Every ward has ${FEWER_THAN} pledges so far.`;
  const top = shown.reduce((a, b) => ((b.perThousand ?? 0) > (a.perThousand ?? 0) ? b : a));
  return (
    `${top.name} has the most pledges for its size: ${describeFigure(top)}. ` +
    (few
      ? `${few} of the 20 wards have ${FEWER_THAN} pledges.`
      : `Every ward has at least ${SMALL_NUMBER_THRESHOLD} pledges.`)
  );
}

export default function MapPage() {
  const {
    filter,
    campaign,
    campaignNotFound,
    campaignOptions,
    sort,
    dir,
    rows,
    breaks,
    wards,
    boundary,
    pins,
    events,
    tileUrl,
    tileAttribution,
  } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const [showEvents, setShowEvents] = useState(true);
  const [selected, setSelected] = useState<WardFeatureProperties | null>(null);
  // A ward chosen under one filter is closed when the filter changes: its figures were that filter's.
  const shading = `${filter.quality ?? ""} ${filter.campaign ?? ""}`;
  const [selectedUnder, setSelectedUnder] = useState(shading);
  if (selectedUnder !== shading) {
    setSelectedUnder(shading);
    setSelected(null);
  }
  const panelLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (selected) panelLink.current?.focus();
  }, [selected]);
  const query = mapFilterQuery(filter);
  const qualityName = filter.quality ? QUALITY_BY_KEY.get(filter.quality)?.name : undefined;
  const sortLink = (column: (typeof SORTS)[number]) => {
    const params = new URLSearchParams(query.slice(1));
    params.set("sort", column);
    params.set("dir", sort === column && dir === "desc" ? "asc" : column === "name" ? "asc" : "desc");
    return `?${params}#ward-table`;
  };
  const ariaSort = (column: (typeof SORTS)[number]) =>
    sort === column ? (dir === "asc" ? "ascending" : "descending") : undefined;

  const everyPledge = `/map${mapFilterQuery({ ...filter, campaign: undefined })}`;

  return (
    <>
      <h1>Pledges across Salford’s wards</h1>
      <p className="lead">
        Confirmed pledges per 1,000 residents in each of Salford’s 20 wards
        {campaign ? `, made for ${campaign.name}` : ""}
        {qualityName ? `, showing ${qualityName}` : ""}. Pledges are only ever counted by ward, and a ward with{" "}
        {FEWER_THAN} shows as “{FEWER_THAN}”.
      </p>
      {campaign ? (
        <p className="notice" data-testid="map-campaign">
          This map shows only the pledges made for the campaign{" "}
          <Link to={`/campaigns/${campaign.slug}`}>{campaign.name}</Link>
          {campaign.phase === "past" ? ", which has finished" : ""}. <Link to={everyPledge}>Show every pledge</Link>
        </p>
      ) : null}
      {campaignNotFound ? (
        <p className="notice" data-testid="map-campaign">
          There is no public campaign at that address, so this map shows every pledge.
        </p>
      ) : null}
      <Form method="get" className="filters card" aria-label="Filter the map">
        <FilterSelect
          id="map-quality"
          label="Quality"
          name="quality"
          value={filter.quality ?? ""}
          allLabel="All qualities"
          options={QUALITY_OPTIONS}
        />
        {campaignOptions.length ? (
          <FilterSelect
            id="map-campaign"
            label="Campaign"
            name="campaign"
            value={filter.campaign ?? ""}
            allLabel="All pledges"
            options={campaignOptions}
          />
        ) : null}
        <FilterSelect
          id="map-sector"
          label="Organisations"
          name="sector"
          value={filter.sector ?? ""}
          allLabel="All sectors"
          options={SECTOR_OPTIONS}
        />
        <button type="submit">Show on the map</button>
      </Form>
      <p role="status" data-testid="map-summary">
        {summaryOf(rows)}
      </p>
      {hydrated && events.length ? (
        <p className="map-layer-toggle">
          <input
            type="checkbox"
            id="map-events-layer"
            checked={showEvents}
            onChange={(event) => setShowEvents(event.target.checked)}
          />
          <label htmlFor="map-events-layer">
            Show the events layer ({events.length} upcoming {events.length === 1 ? "event" : "events"}, red pins)
          </label>
        </p>
      ) : null}
      <div className="map-layout">
        <div className="map-frame">
          <ClientOnly
            fallback={
              <p className="map-fallback">
                The interactive map needs JavaScript. The table below has the same figures, and its links open each
                ward.
              </p>
            }
          >
            {() => (
              <WardMap
                wards={wards}
                boundary={boundary}
                tileUrl={tileUrl}
                tileAttribution={tileAttribution}
                pins={pins}
                events={showEvents ? events.map((e) => e.pin) : []}
                onSelect={setSelected}
              />
            )}
          </ClientOnly>
        </div>
        <aside className="card ward-panel" aria-live="polite" aria-label="Selected ward">
          {selected ? (
            <>
              <h2>{selected.name}</h2>
              <p>{describeFigure(selected)}.</p>
              <p>Population {formatNumber(selected.population)} (Census 2021).</p>
              <Link ref={panelLink} to={`/wards/${selected.slug}`}>
                Open the {selected.name} ward page
              </Link>
            </>
          ) : (
            <p>Point at a ward, or tab to it, to see its figures. Click it or press Enter to open it here.</p>
          )}
        </aside>
      </div>
      <MapLegend breaks={breaks} />
      <p>
        {pins.length === 0
          ? "No verified organisations match yet."
          : `Pins: ${pins.length} verified ${pins.length === 1 ? "organisation" : "organisations"}, at their exact places; close ones are grouped until you zoom in.`}{" "}
        <Link to={`/organisations${filter.sector ? `?sector=${filter.sector}` : ""}`}>List the organisations</Link>
      </p>
      <section aria-labelledby="map-events">
        <h2 id="map-events">Events on the map</h2>
        {events.length ? (
          <>
            <p>
              Upcoming events at a place in Salford{campaign ? ` for ${campaign.name}` : ""}, the map’s red pins.{" "}
              <Link to="/events">All events, online ones too</Link>
            </p>
            <div className="table-scroll">
              <table data-testid="map-events-table">
                <caption className="visually-hidden">Upcoming events on the map</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">When</th>
                    <th scope="col">Where</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((event) => (
                    <tr key={event.id}>
                      <td>
                        <Link to={event.pin.href}>{event.title}</Link>
                        {event.isExample ? (
                          <>
                            {" "}
                            <span className="tag example">Example</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <time dateTime={event.startsAt}>{event.when}</time>
                      </td>
                      <td>{event.place}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p>
            No events at a place are coming up{campaign ? ` for ${campaign.name}` : ""}.{" "}
            <Link to="/events">See every event</Link>
          </p>
        )}
      </section>
      <p className="attribution">
        {MAP_ATTRIBUTION}
        {tileAttribution ? `. Tiles: ${tileAttribution}` : ""}.
      </p>

      <h2 id="ward-table">The same figures as a table</h2>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">
            Confirmed pledges by ward{campaign ? ` made for ${campaign.name}` : ""}
            {qualityName ? ` showing ${qualityName}` : ""}; select a column heading to sort
          </caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort("name")}>
                <Link to={sortLink("name")} preventScrollReset>
                  Ward
                </Link>
              </th>
              <th scope="col" aria-sort={ariaSort("pledges")}>
                <Link to={sortLink("pledges")} preventScrollReset>
                  Pledges
                </Link>
              </th>
              <th scope="col" aria-sort={ariaSort("perThousand")}>
                <Link to={sortLink("perThousand")} preventScrollReset>
                  Per 1,000 residents
                </Link>
              </th>
              <th scope="col">Population (2021)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code} data-ward={row.code}>
                <th scope="row">
                  <Link to={`/wards/${row.slug}`}>{row.name}</Link>
                </th>
                <td>{row.fewerThan5 ? FEWER_THAN : formatNumber(row.pledges!)}</td>
                <td>{row.fewerThan5 ? "" : formatNumber(row.perThousand!)}</td>
                <td>{formatNumber(row.population)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
