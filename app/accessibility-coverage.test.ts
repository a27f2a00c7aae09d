/**
 * Every page the site renders has an axe check in the end-to-end suite, so a
 * new page cannot arrive without one. A check counts when a spec calls
 * `expectAccessible(page, "<route pattern>")`: read from the specs' syntax
 * tree (a comment naming a route counts for nothing), and the fixture fails
 * the scan unless that route rendered the page it scanned.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { routePattern } from "../tests/route-patterns";

const root = path.resolve(import.meta.dirname, "..");
const routesDir = path.join(root, "app/routes");
const e2eDir = path.join(root, "tests/e2e");

/** Routes that answer with data, an image or a redirect: no page to check. */
const RESOURCE_ROUTE = /^(api\.|webhooks\.|healthz\.|logout\.|bench\.)|\[\.[a-z]+\]\.tsx?$/;

function parse(file: string) {
  return ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

function hasDefaultExport(source: ts.SourceFile) {
  return source.statements.some(
    (statement) =>
      ts.isExportAssignment(statement) ||
      ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
        ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.ExportDefault) === ts.ModifierFlags.ExportDefault,
  );
}

/** Route files that render a page, with their URL patterns. */
function pages() {
  return readdirSync(routesDir)
    .filter((file) => /\.(tsx|ts)$/.test(file) && !/\.test\.tsx?$/.test(file) && !RESOURCE_ROUTE.test(file))
    .filter((file) => hasDefaultExport(parse(path.join(routesDir, file))))
    .map((file) => ({ file, pattern: routePattern(file) }));
}

/** The string literals an expression stands for: a literal, or the loop variable of `for (const x of ["…", …])`. */
function literals(argument: ts.Expression): string[] {
  if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return [argument.text];
  if (!ts.isIdentifier(argument)) return [];
  for (let node: ts.Node | undefined = argument.parent; node; node = node.parent) {
    if (!ts.isForOfStatement(node) || !ts.isVariableDeclarationList(node.initializer)) continue;
    const bound = node.initializer.declarations[0]?.name;
    if (!bound || !ts.isIdentifier(bound) || bound.text !== argument.text) continue;
    if (!ts.isArrayLiteralExpression(node.expression)) return [];
    return node.expression.elements.flatMap((element) => (ts.isStringLiteral(element) ? [element.text] : []));
  }
  return [];
}

/** Every route pattern an end-to-end spec runs an axe check on, with where. */
function checkedRoutes() {
  const found = new Map<string, string[]>();
  for (const file of readdirSync(e2eDir).filter((f) => f.endsWith(".spec.ts"))) {
    const source = parse(path.join(e2eDir, file));
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === "expectAccessible" &&
        node.arguments[1]
      ) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        for (const route of literals(node.arguments[1]))
          found.set(route, [...(found.get(route) ?? []), `${file}:${line}`]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("accessibility coverage", () => {
  test("route files map to the URL patterns Remix serves them at", () => {
    expect(routePattern("_index.tsx")).toBe("/");
    expect(routePattern("$.tsx")).toBe("/*");
    expect(routePattern("pledges._index.tsx")).toBe("/pledges");
    expect(routePattern("organisations.$slug._index.tsx")).toBe("/organisations/:slug");
    expect(routePattern("organisations.$slug.commitments.$id.progress.tsx")).toBe(
      "/organisations/:slug/commitments/:id/progress",
    );
    expect(routePattern("routes/dev.outbox[.json]")).toBe("/dev/outbox.json");
    expect(routePattern("organisations.$slug.badge[.svg].ts")).toBe("/organisations/:slug/badge.svg");
  });

  test("the pages are the route files with a component, and no resource route", () => {
    const found = pages().map((p) => p.pattern);
    for (const page of ["/", "/pledge", "/organisations/:slug/manage", "/*", "/dev/outbox/:id"])
      expect(found).toContain(page);
    for (const resource of [
      "/api/tally",
      "/healthz",
      "/logout",
      "/webhooks/resend",
      "/bench/echo",
      "/dev/outbox.json",
      "/organisations/:slug/badge.svg",
    ])
      expect(found).not.toContain(resource);
  });

  test("every page has an axe check in the end-to-end suite", () => {
    const checked = checkedRoutes();
    const missing = pages().filter((p) => !checked.has(p.pattern));
    expect(
      missing.map(
        (p) => `${p.pattern} (app/routes/${p.file}) has no expectAccessible(page, "${p.pattern}") in tests/e2e`,
      ),
    ).toEqual([]);
  });

  test("every route an axe check names is a page, so a typo cannot pass for a check", () => {
    const patterns = new Set(pages().map((p) => p.pattern));
    const unknown = [...checkedRoutes()]
      .filter(([route]) => !patterns.has(route))
      .map(([route, where]) => `${route} at ${where.join(", ")}`);
    expect(unknown).toEqual([]);
  });
});
