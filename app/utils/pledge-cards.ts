import type { MetaDescriptor } from "@remix-run/node";
import { metaDescription } from "~/utils/meta";

/** The title and description of a page of pledge cards, an event's or a campaign's ("at …", "for …"). */
export function pledgeCardsMeta(heading: string): MetaDescriptor[] {
  return [
    { title: `Pledge cards ${heading} | Salford Social Value City` },
    metaDescription(`A printable A4 page of QR pledge cards to hand out ${heading}.`),
  ];
}
