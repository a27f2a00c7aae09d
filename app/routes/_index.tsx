import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MapLegend, MAP_ATTRIBUTION } from "~/components/map-legend";
import { TallySummary } from "~/components/tally-summary";
import { WardSvgMap } from "~/components/ward-svg-map";
import { classBreaks } from "~/models/ward-figures";
import { getWardPaths } from "~/models/ward-shapes.server";
import { getTally } from "~/models/tally.server";
import { QualityList } from "~/components/quality-list";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Salford Social Value City: make your pledge" },
  metaDescription("Make a Social Value City pledge for Salford and watch the city-wide movement grow."),
];

export async function loader() {
  const { total, target, byQuality, keptByQuality, residents, organisations, kept, byWard } = await getTally();
  return {
    tally: { total, target, byQuality, keptByQuality, residents, organisations, kept },
    wards: byWard,
    breaks: classBreaks(byWard),
    paths: getWardPaths(),
  };
}

export default function HomePage() {
  const { tally, wards, breaks, paths } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Salford is becoming a Social Value City</h1>
      <p className="lead">
        A city where every resident and organisation makes a positive social, economic and environmental contribution.
        It moves when people do: make a pledge, keep it, and watch the movement grow.
      </p>
      <p>
        <Link to="/pledge" className="button">
          Make your pledge
        </Link>
      </p>
      <TallySummary tally={tally} />
      <h2>Where Salford is pledging</h2>
      <Link to="/map" className="home-map">
        <WardSvgMap
          paths={paths}
          figures={wards}
          breaks={breaks}
          label="Map of Salford’s 20 wards shaded by pledges per 1,000 residents. Open the full map and table"
        />
      </Link>
      <MapLegend breaks={breaks} />
      <p className="attribution">{MAP_ATTRIBUTION}.</p>
      <h2>The four qualities</h2>
      <p>
        Research by CLES into five Salford organisations found that what they share is a culture of wanting to make a
        difference, visible in four qualities.
      </p>
      <QualityList detail="summary" />
      <p>
        <Link to="/pledges">Read the pledges people have made</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
