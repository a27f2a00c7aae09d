/**
 * The README's rule, kept true by a test: app/models is the only code that
 * talks to the database. Routes, components, utilities and the web server go
 * through a model. (The delivery state machine in app/jobs is next to move.)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

test("no route, component, utility or server file queries the database itself", () => {
  const files = ["app/routes", "app/components", "app/utils", "server"].flatMap(sources).filter((f) => f !== path.join("app/utils", "db.server.ts"));
  const offenders = files.filter((file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    return /import\s+\{[^}]*\b(prisma|getPool)\b[^}]*\}\s+from\s+["'][^"']*db\.server["']/.test(text) || /\b(prisma|getPool\(\))\.\w+/.test(text);
  });
  expect(offenders).toEqual([]);
});
