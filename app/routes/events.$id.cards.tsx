import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PledgeCards } from "~/components/pledge-cards";
import { findEventForPledge } from "~/models/kiosk.server";
import { metaDescription } from "~/utils/meta";
import { pledgeCardsMeta } from "~/utils/pledge-cards";
import { pledgeCardsFor } from "~/utils/pledge-cards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? pledgeCardsMeta(data.heading)
    : [{ title: "Event not found | Salford Social Value City" }, metaDescription("That event is not here.")];

/** A published event's cards; a draft, a cancelled event, an unknown id or junk is 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const event = await findEventForPledge(params.id);
  if (!event) throw new Response("No event has that address", { status: 404 });
  return pledgeCardsFor(`at ${event.title}`, `/pledge?event=${event.id}`);
}

export default function EventCardsPage() {
  return <PledgeCards {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
