import { useHydrated } from "./client-only";
import { QUALITIES } from "~/reference/qualities";

/** One A4 page of cards: two across, four down (the print stylesheet lays them out). */
export const CARDS_PER_PAGE = 8;

/** What a page of pledge cards shows: the event or campaign, and the QR code of its pre-set pledge form. */
export type PledgeCardsProps = {
  /** "at Litter pick on the Crescent", "for Good Neighbours Winter" */
  heading: string;
  /** the pre-set pledge form, absolute */
  url: string;
  /** the QR code of `url`, as inline SVG made on the server (app/utils/qr-code.server.ts) */
  qrSvg: string;
};

/** The address as a person would type it: no scheme. */
export function shortAddress(url: string) {
  return url.replace(/^https?:\/\//, "");
}

function PrintButton() {
  // window.print needs JavaScript; without it the page prints just the same from the browser's menu.
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <button type="button" onClick={() => window.print()}>
      Print
    </button>
  );
}

/**
 * A printable A4 page of pledge cards: each card has the QR code of the pledge
 * form pre-set for the event or campaign, the address printed under it for
 * anyone who would rather type it, and the four qualities. On screen it shows
 * how the page will print; the print stylesheet leaves only the cards.
 */
export function PledgeCards({ heading, url, qrSvg }: PledgeCardsProps) {
  const address = shortAddress(url);
  return (
    <div className="pledge-cards-page">
      <div className="pledge-cards-intro">
        <h1>Pledge cards {heading}</h1>
        <p>
          Print this page on A4 paper and cut out the {CARDS_PER_PAGE} cards. Each card’s QR code opens the pledge form
          set up {heading}: <a href={url}>{address}</a>.
        </p>
        <p className="hint">Print from your browser’s menu (Ctrl+P, or ⌘P on a Mac), or with this button.</p>
        <PrintButton />
      </div>
      <ul className="pledge-cards" aria-label={`${CARDS_PER_PAGE} pledge cards`}>
        {Array.from({ length: CARDS_PER_PAGE }, (_, index) => (
          <li key={index} className="qr-card">
            <p className="qr-card-title">Make your Social Value City pledge</p>
            <p className="qr-card-for">{heading}</p>
            {/* Made on the server by the qrcode library from our own address: markup we wrote, nobody's input. */}
            <div className="qr-card-code" dangerouslySetInnerHTML={{ __html: qrSvg }} />
            <p className="qr-card-address">{address}</p>
            <p className="qr-card-qualities">{QUALITIES.map((quality) => quality.name).join(" · ")}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
