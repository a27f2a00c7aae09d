/**
 * The URL pattern of a Remix route file, by the flat-routes convention the app
 * uses: dots are slashes, `$name` a parameter, `$` alone the catch-all, `_index`
 * the index, `[…]` literal text, a leading `_` a layout with no path. Shared by
 * the end-to-end axe fixture (which checks the page it scanned came from the
 * route it names) and the Vitest guard that every page has an axe check.
 */
export function routePattern(routeFile: string): string {
  const name = routeFile.replace(/^routes\//, "").replace(/\.(tsx|ts|jsx|js)$/, "");
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of name) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    else if (char === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += char;
  }
  segments.push(current);
  const path = segments
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => (segment === "$" ? "*" : segment.startsWith("$") ? `:${segment.slice(1)}` : segment));
  return `/${path.join("/")}`;
}
