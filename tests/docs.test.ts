/**
 * The README and docs/ stay true of the repository: every file or directory
 * they name (in `code` or as a relative link) exists. A rename that forgets
 * the docs fails here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const ROOTS = ["app", "bench", "docs", "emails", "prisma", "public", "scripts", "server", "tests"];

function markdownFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(file);
    return entry.name.endsWith(".md") ? [file] : [];
  });
}

/** Repository paths a page names: `app/…` in code spans, and relative links. */
export function namedPaths(markdown: string, page: string): string[] {
  const inCode = [...markdown.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1]!.replace(/[.,:;)]+$/, ""))
    .filter((p) => ROOTS.some((r) => p === r || p.startsWith(`${r}/`)))
    // Placeholders and patterns name a kind of file, not a file.
    .filter((p) => !/[<>*{}$]/.test(p))
    .map((p) => p.replace(/:\d+$/, ""));
  const links = [...markdown.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)]
    .map((m) => m[1]!)
    .filter((href) => !/^[a-z]+:/i.test(href) && !href.startsWith("/"))
    .map((href) => path.normalize(path.join(path.dirname(page), href)));
  return [...inCode, ...links];
}

test("every file the README and docs/ name exists", () => {
  const pages = ["README.md", ...markdownFiles("docs")];
  const missing = pages.flatMap((page) =>
    namedPaths(readFileSync(path.join(root, page), "utf8"), page)
      .filter((p) => !existsSync(path.join(root, p)))
      .map((p) => `${page}: ${p}`),
  );
  expect(missing).toEqual([]);
});

test("every directory in the README's layout exists, and every top-level source directory is in it", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const block = readme.split("## Layout")[1]!.split("```")[1]!;
  const listed = [...block.matchAll(/^(\S+)\/\s/gm)].map((m) => m[1]!);
  expect(listed.filter((dir) => !existsSync(path.join(root, dir)))).toEqual([]);
  const appDirs = readdirSync(path.join(root, "app"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "generated")
    .map((e) => `app/${e.name}`);
  expect(appDirs.filter((dir) => !listed.includes(dir))).toEqual([]);
  expect(ROOTS.filter((dir) => dir !== "app" && !listed.includes(dir))).toEqual([]);
});

test("a renamed file named in a page is caught", () => {
  expect(namedPaths("See `app/models/gone.server.ts`, [tally](tally.md) and `npm start`.", "docs/x.md")).toEqual([
    "app/models/gone.server.ts",
    "docs/tally.md",
  ]);
});
