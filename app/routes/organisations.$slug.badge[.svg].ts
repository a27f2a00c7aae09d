import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPublicOrganisation } from "~/models/organisation";
import { getOrganisation } from "~/models/organisation.server";

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** An embeddable badge for a verified organisation's own website. */
export async function loader({ params }: LoaderFunctionArgs) {
  const organisation = await getOrganisation(params.slug ?? "");
  if (!organisation || !isPublicOrganisation(organisation))
    throw new Response("No verified organisation has that address", { status: 404 });
  const name = organisation.name.length > 30 ? `${organisation.name.slice(0, 29)}…` : organisation.name;
  const label = `${organisation.name}: a verified Salford Social Value City organisation`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="64" viewBox="0 0 240 64" role="img" aria-label="${escapeXml(label)}">
<title>${escapeXml(label)}</title>
<rect width="240" height="64" rx="8" fill="#0b5d4b"/>
<circle cx="32" cy="32" r="18" fill="#f2c14e"/>
<path d="M23 32l6 6 12-13" fill="none" stroke="#0b5d4b" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>
<text x="60" y="27" font-family="Arial, sans-serif" font-size="12" font-weight="700" fill="#ffffff">Salford Social Value City</text>
<text x="60" y="45" font-family="Arial, sans-serif" font-size="12" fill="#ffffff">Verified: ${escapeXml(name)}</text>
</svg>`;
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
