import L from "leaflet";
import markerIcon2x from "leaflet/dist/images/marker-icon-2x.png?url";
import markerIcon from "leaflet/dist/images/marker-icon.png?url";
import markerShadow from "leaflet/dist/images/marker-shadow.png?url";
import { useEffect, useMemo, useState } from "react";
import { GeoJSON, MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { describeFigure, type WardFeatureProperties } from "~/models/ward-figures";
import type { EventPin } from "~/models/event.server";
import { clusterPins, type Pin } from "~/models/pins";
import { MAP_ATTRIBUTION } from "./map-legend";

// Vite renames Leaflet's marker images, so the default icon's guessed path breaks: set it.
const pinIcon = L.icon({
  iconUrl: markerIcon,
  iconRetinaUrl: markerIcon2x,
  shadowUrl: markerShadow,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  shadowSize: [41, 41],
});

function tooltipContent(p: WardFeatureProperties) {
  const element = document.createElement("div");
  const name = document.createElement("strong");
  name.textContent = p.name;
  element.append(name, document.createElement("br"), describeFigure(p));
  return element;
}

function FitToSalford({ bounds, label }: { bounds: L.LatLngBounds; label: string }) {
  const map = useMap();
  useEffect(() => {
    map.fitBounds(bounds, { padding: [8, 8] });
    map.setMaxBounds(bounds.pad(0.5));
  }, [map, bounds]);
  useEffect(() => {
    // Leaflet makes its container focusable (arrow keys pan, + and - zoom): give it a name.
    const container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", label);
  }, [map, label]);
  return null;
}

/** Organisations as exact pins, clustered when dense; each pin has an accessible name. */
function PinLayer({ pins }: { pins: Pin[] }) {
  const map = useMap();
  const [view, setView] = useState(() => ({ bounds: map.getBounds(), zoom: map.getZoom() }));
  useMapEvents({ moveend: () => setView({ bounds: map.getBounds(), zoom: map.getZoom() }) });
  const items = useMemo(
    () =>
      clusterPins(
        pins,
        [view.bounds.getWest(), view.bounds.getSouth(), view.bounds.getEast(), view.bounds.getNorth()],
        view.zoom,
      ),
    [pins, view],
  );
  return (
    <>
      {items.map((item) =>
        item.type === "cluster" ? (
          <Marker
            key={`cluster-${item.id}`}
            position={[item.lat, item.lon]}
            title={item.label}
            alt={item.label}
            icon={L.divIcon({
              html: `<span aria-hidden="true">${item.count}</span>`,
              className: "pin-cluster",
              iconSize: [36, 36],
            })}
            eventHandlers={{ click: () => map.flyTo([item.lat, item.lon], item.expansionZoom) }}
          />
        ) : (
          <Marker
            key={item.pin.id}
            position={[item.pin.lat, item.pin.lon]}
            title={item.pin.label}
            alt={item.pin.label}
            icon={pinIcon}
            eventHandlers={{ click: () => window.location.assign(item.pin.href) }}
          />
        ),
      )}
    </>
  );
}

// An event's pin: a red drop with a calendar mark, hanging just below its place (its tip points up at it), so
// it never covers an organisation's marker standing on the same spot (an event at its own premises).
const eventIcon = (count: number) =>
  L.divIcon({
    // Drawn, not typed: a calendar symbol from a font may be missing on the reader's machine.
    // The drop is an inner element: Leaflet positions the icon itself with a transform of its own.
    html: `<span class="event-pin-drop">${
      count > 1
        ? `<span aria-hidden="true">${count}</span>`
        : '<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false"><rect x="4" y="6" width="16" height="14" rx="2" fill="none" stroke="#fff" stroke-width="2.5"/><path d="M4 11h16M8 3v5M16 3v5" stroke="#fff" stroke-width="2.5"/></svg>'
    }</span>`,
    className: "event-pin",
    iconSize: [28, 28],
    iconAnchor: [14, -4],
  });

/**
 * The Events layer: one pin per place, named with its event's title and time;
 * several events at one place share a pin named with them all, which opens
 * that ward's events.
 */
function EventLayer({ events }: { events: EventPin[] }) {
  const places = useMemo(() => {
    const byPlace = new Map<string, EventPin[]>();
    for (const event of events) {
      const key = `${event.lat},${event.lon}`;
      byPlace.set(key, [...(byPlace.get(key) ?? []), event]);
    }
    return [...byPlace.values()];
  }, [events]);
  return (
    <>
      {places.map((here) => {
        const first = here[0]!;
        const label =
          here.length === 1 ? first.label : `${here.length} events here: ${here.map((e) => e.label).join("; ")}`;
        const href = here.length === 1 ? first.href : first.placeHref;
        return (
          <Marker
            key={`event-${first.id}`}
            position={[first.lat, first.lon]}
            title={label}
            alt={label}
            icon={eventIcon(here.length)}
            eventHandlers={{ click: () => window.location.assign(href) }}
          />
        );
      })}
    </>
  );
}

export default function WardMap({
  wards,
  boundary,
  tileUrl,
  tileAttribution,
  pins,
  events = [],
  onSelect,
}: {
  /** The wards with their figures and shading, from the page's loader. */
  wards: FeatureCollection<Geometry, WardFeatureProperties>;
  boundary: FeatureCollection;
  tileUrl?: string;
  tileAttribution?: string;
  pins: Pin[];
  /** the Events layer's pins (none when the layer is off) */
  events?: EventPin[];
  onSelect: (ward: WardFeatureProperties) => void;
}) {
  const bounds = useMemo(() => L.geoJSON(boundary).getBounds(), [boundary]);
  // New figures make a new layer: react-leaflet does not redraw a GeoJSON layer for new data.
  const wardsKey = wards.features
    .map((f) => `${f.properties.code}:${f.properties.colour}:${f.properties.pledges}`)
    .join("|");

  const onEachFeature = (feature: Feature<Geometry, WardFeatureProperties>, layer: L.Layer) => {
    const path = layer as L.Path;
    const p = feature.properties;
    path.bindTooltip(() => tooltipContent(p), { sticky: false, direction: "top" });
    path.on("click", () => onSelect(p));
    path.on("add", () => {
      // Leaflet draws polygons as SVG paths that a keyboard cannot reach: make each a button.
      const element = path.getElement();
      if (!element) return;
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "button");
      element.setAttribute("aria-label", `${p.name}: ${describeFigure(p)}`);
      element.addEventListener("focus", () => path.openTooltip());
      element.addEventListener("blur", () => path.closeTooltip());
      element.addEventListener("keydown", (event) => {
        const { key } = event as KeyboardEvent;
        if (key === "Enter" || key === " ") {
          event.preventDefault();
          onSelect(p);
        }
      });
    });
  };

  return (
    <MapContainer bounds={bounds} zoomSnap={0.25} minZoom={10} scrollWheelZoom={false}>
      <FitToSalford bounds={bounds} label="Map of Salford's wards shaded by pledges per 1,000 residents" />
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution ?? ""} /> : null}
      <GeoJSON
        key={wardsKey}
        data={wards}
        attribution={MAP_ATTRIBUTION}
        style={(feature) => ({
          className: "ward-shape",
          fillColor: (feature?.properties as WardFeatureProperties).colour,
          fillOpacity: tileUrl ? 0.7 : 0.9,
          color: "#ffffff",
          weight: 1.5,
        })}
        onEachFeature={onEachFeature}
      />
      <GeoJSON data={boundary} interactive={false} style={{ fill: false, color: "#1b1b1b", weight: 2.5 }} />
      <PinLayer pins={pins} />
      <EventLayer events={events} />
    </MapContainer>
  );
}
