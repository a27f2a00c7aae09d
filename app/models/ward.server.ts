import { toNormalised } from "postcode";
import { prisma } from "~/utils/db.server";
import type { WardRef } from "./ward-figures";
import { readPostcodes, type PostcodeLocation } from "~/utils/reference.server";

/** "m5  4wt" -> "M5 4WT"; null when it is not a UK postcode at all. */
export function normalisePostcode(raw: string): string | null {
  return toNormalised(raw.replace(/\s+/g, ""));
}

export type PostcodeLookup =
  | { status: "found"; location: PostcodeLocation }
  | { status: "invalid" }
  | { status: "outside-salford"; postcode: string };

/** Places a postcode in its Salford ward, from the ONS lookup shipped with the app. */
export function lookupPostcode(raw: string): PostcodeLookup {
  const postcode = normalisePostcode(raw);
  if (!postcode) return { status: "invalid" };
  const location = readPostcodes().get(postcode.replace(/ /g, ""));
  return location ? { status: "found", location } : { status: "outside-salford", postcode };
}

let wards: Promise<WardRef[]> | undefined;

/** The 20 wards by name, read once per process: they change only with a new census. */
export function listWards(): Promise<WardRef[]> {
  wards ??= prisma.ward.findMany({
    select: { code: true, name: true, slug: true, population: true },
    orderBy: { name: "asc" },
  });
  wards.catch(() => {
    wards = undefined;
  });
  return wards;
}

export async function getWardBySlug(slug: string) {
  return (await listWards()).find((ward) => ward.slug === slug) ?? null;
}
