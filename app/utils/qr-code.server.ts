import QRCode from "qrcode";

/**
 * A QR code for an address, as SVG markup to put inline in a page (made on the
 * server: no script, no image request, sharp at any print size). Hidden from
 * screen readers: the page prints the address as words beside it. Error
 * correction M survives a creased or smudged card.
 */
export async function qrCodeSvg(url: string) {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  // The library's markup is its own (a viewBox and two paths); only the root element gains attributes.
  return svg.trim().replace(/^<svg /, '<svg class="qr-code" aria-hidden="true" focusable="false" ');
}
