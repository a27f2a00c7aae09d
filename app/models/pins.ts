import Supercluster from "supercluster";

/** Something with an exact place on the map: an organisation (never a resident). */
export type Pin = { id: string; lat: number; lon: number; label: string; href: string; kind: "organisation" };

export type PinOrCluster =
  | { type: "pin"; pin: Pin }
  | { type: "cluster"; id: number; lat: number; lon: number; count: number; label: string; expansionZoom: number };

/** Groups pins that would crowd each other at this zoom, each group with an accessible name. */
export function clusterPins(
  pins: Pin[],
  bounds: [west: number, south: number, east: number, north: number],
  zoom: number,
): PinOrCluster[] {
  const index = new Supercluster<{ pin: Pin }>({ radius: 50, maxZoom: 17 });
  index.load(
    pins.map((pin) => ({
      type: "Feature",
      properties: { pin },
      geometry: { type: "Point", coordinates: [pin.lon, pin.lat] },
    })),
  );
  return index.getClusters(bounds, Math.round(zoom)).map((feature) => {
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    if ("cluster" in feature.properties && feature.properties.cluster) {
      const count = feature.properties.point_count;
      const id = feature.properties.cluster_id;
      return {
        type: "cluster",
        id,
        lat,
        lon,
        count,
        label: `${count} places here: zoom in to see them`,
        expansionZoom: index.getClusterExpansionZoom(id),
      };
    }
    return { type: "pin", pin: (feature.properties as { pin: Pin }).pin };
  });
}
