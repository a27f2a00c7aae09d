import { expect, test } from "vitest";
import { clusterPins, type Pin } from "./pins";

const salford: [number, number, number, number] = [-2.5, 53.4, -2.2, 53.6];
const pin = (i: number, lat: number, lon: number): Pin => ({
  id: `p${i}`,
  lat,
  lon,
  label: `Place ${i}`,
  href: `/organisations/p${i}`,
  kind: "organisation",
});

test("pins close together cluster when zoomed out, with a name saying how many, and separate when zoomed in", () => {
  const dense = Array.from({ length: 12 }, (_, i) => pin(i, 53.4831 + i * 0.0001, -2.2931));
  const lonely = pin(99, 53.52, -2.42);
  const far = clusterPins([...dense, lonely], salford, 11);
  const cluster = far.find((c) => c.type === "cluster");
  expect(cluster).toMatchObject({ type: "cluster", count: 12, label: "12 places here: zoom in to see them" });
  expect(far.find((c) => c.type === "pin")).toMatchObject({ pin: { label: "Place 99" } });
  const near = clusterPins(dense, salford, 18);
  expect(near.every((c) => c.type === "pin")).toBe(true);
  expect(near).toHaveLength(12);
});
