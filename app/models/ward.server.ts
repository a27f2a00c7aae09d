import { toNormalised } from "postcode";
import type { QualityKey } from "~/reference/qualities";
import { prisma } from "~/utils/db.server";
import { getTallyCounts, getWards } from "./tally.server";
import { publishWardFigure, type WardFigure } from "./ward-figures";
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

export function listWards() {
  return prisma.ward.findMany({ orderBy: { name: "asc" } });
}

export function getWardBySlug(slug: string) {
  return prisma.ward.findUnique({ where: { slug } });
}

/** Every ward's published figures, for all pledges or those showing one quality. */
export async function getWardFigures(filter: { quality?: QualityKey } = {}): Promise<WardFigure[]> {
  const [wards, { count }] = await Promise.all([getWards(), getTallyCounts()]);
  const suffix = filter.quality ? `:quality:${filter.quality}` : "";
  return wards.map((ward) => publishWardFigure(ward, count(`ward:${ward.code}${suffix}`)));
}
