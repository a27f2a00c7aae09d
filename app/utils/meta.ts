import type { MetaDescriptor } from "@remix-run/node";

/**
 * For pages opened from an emailed link whose URL carries a token: kept out of
 * search engines and out of other sites' referrers. Not "no-referrer": that
 * sends "Origin: null" with the page's form POST, which Remix refuses as CSRF.
 */
export function tokenPageMeta(title: string): MetaDescriptor[] {
  return [
    { title: `${title} | Salford Social Value City` },
    { name: "robots", content: "noindex" },
    { name: "referrer", content: "same-origin" },
  ];
}
