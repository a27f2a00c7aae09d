import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PledgeCards } from "~/components/pledge-cards";
import { findEventForPledge } from "~/models/kiosk.server";
import { appUrl } from "~/utils/env.server";
import { metaDescription } from "~/utils/meta";
import { qrCodeSvg } from "~/utils/qr-code.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `Pledge cards ${data.heading} | Salford Social Value City` },
        metaDescription(`A printable A4 page of QR pledge cards to hand out ${data.heading}.`),
      ]
    : [{ title: "Event not found | Salford Social Value City" }, metaDescription("That event is not here.")];

/** A published event's cards; a draft, a cancelled event, an unknown id or junk is 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const event = await findEventForPledge(params.id);
  if (!event) throw new Response("No event has that address", { status: 404 });
  const url = appUrl(`/pledge?event=${event.id}`);
  return { heading: `at ${event.title}`, url, qrSvg: await qrCodeSvg(url) };
}

export default function EventCardsPage() {
  return <PledgeCards {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
