import { legendEntries } from "~/models/ward-figures";

/** The key to the shading; the same on every map. */
export function MapLegend({ breaks, title = "Pledges per 1,000 residents" }: { breaks: number[]; title?: string }) {
  return (
    <figure className="map-legend">
      <figcaption>{title}</figcaption>
      <ul>
        {legendEntries(breaks).map((entry) => (
          <li key={entry.label}>
            <span className="swatch" style={{ background: entry.colour }} aria-hidden="true" />
            {entry.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export const MAP_ATTRIBUTION =
  "Contains National Statistics and OS data © Crown copyright and database right 2025 (Open Government Licence v3.0)";
