import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PledgeCards } from "~/components/pledge-cards";
import { findPublicCampaign } from "~/models/campaign.server";
import { appUrl } from "~/utils/env.server";
import { metaDescription } from "~/utils/meta";
import { qrCodeSvg } from "~/utils/qr-code.server";

// `$slug_`: a page of its own, not drawn inside the campaign's page (campaigns.$slug.tsx).

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `Pledge cards ${data.heading} | Salford Social Value City` },
        metaDescription(`A printable A4 page of QR pledge cards to hand out ${data.heading}.`),
      ]
    : [{ title: "Campaign not found | Salford Social Value City" }, metaDescription("That campaign is not here.")];

/**
 * Cards for a published campaign that takes pledges now or will: one that is
 * over would send people to a form that no longer takes them. A draft, an
 * archived or finished campaign, an unknown slug or junk is 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await findPublicCampaign(params.slug ?? "");
  if (!campaign || (campaign.phase !== "running" && campaign.phase !== "upcoming"))
    throw new Response("No campaign has that name", { status: 404 });
  const url = appUrl(`/pledge?campaign=${campaign.slug}`);
  return { heading: `for ${campaign.name}`, url, qrSvg: await qrCodeSvg(url) };
}

export default function CampaignCardsPage() {
  return <PledgeCards {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
