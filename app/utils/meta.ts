import type { MetaDescriptor } from "@remix-run/node";

/**
 * Every page says what it is to search engines and link previews: a route's
 * meta replaces the root's, description included, so each page gives its own.
 */
export function metaDescription(content: string): MetaDescriptor {
  return { name: "description", content };
}

/**
 * For pages opened from an emailed link whose URL carries a token: kept out of
 * search engines and out of other sites' referrers. Not "no-referrer": that
 * sends "Origin: null" with the page's form POST, which Remix refuses as CSRF.
 */
export function tokenPageMeta(title: string): MetaDescriptor[] {
  return [
    { title: `${title} | Salford Social Value City` },
    metaDescription("A page opened from a Salford Social Value City email."),
    { name: "robots", content: "noindex" },
    { name: "referrer", content: "same-origin" },
  ];
}
