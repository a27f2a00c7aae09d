import type { PledgeCardsProps } from "~/components/pledge-cards";
import { appUrl } from "~/utils/env.server";
import { qrCodeSvg } from "~/utils/qr-code.server";

/** A page of pledge cards: `heading`, and the absolute address of the pre-set pledge form with its QR code. */
export async function pledgeCardsFor(heading: string, pledgePath: string): Promise<PledgeCardsProps> {
  const url = appUrl(pledgePath);
  return { heading, url, qrSvg: await qrCodeSvg(url) };
}
