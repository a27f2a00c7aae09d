const formats = new Map<number, Intl.NumberFormat>();

/** A number as the site writes it everywhere (British English: 12,480; 3.25; at most 3 decimals unless told), server and browser alike. */
export function formatNumber(n: number, maximumFractionDigits = 3) {
  let format = formats.get(maximumFractionDigits);
  if (!format) formats.set(maximumFractionDigits, (format = new Intl.NumberFormat("en-GB", { maximumFractionDigits })));
  return format.format(n);
}
