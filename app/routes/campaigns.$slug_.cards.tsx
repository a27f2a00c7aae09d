import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PledgeCards } from "~/components/pledge-cards";
import { findPublicCampaign } from "~/models/campaign.server";
import { metaDescription } from "~/utils/meta";
import { pledgeCardsMeta } from "~/utils/pledge-cards";
import { pledgeCardsFor } from "~/utils/pledge-cards.server";

// `$slug_`: a page of its own, not drawn inside the campaign's page (campaigns.$slug.tsx).

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? pledgeCardsMeta(data.heading)
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
  return pledgeCardsFor(`for ${campaign.name}`, `/pledge?campaign=${campaign.slug}`);
}

export default function CampaignCardsPage() {
  return <PledgeCards {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
