/**
 * The README's rules, kept true by tests: app/models is the only code that
 * talks to the database (routes, components, guards, utilities, the web
 * server, the worker's jobs and the scripts go through a model); utilities do
 * not reach up into models; models answer with results, never with HTTP
 * responses (a route or a guard in app/guards turns a result into a 404/403).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/**
 * Infrastructure that may talk to PostgreSQL itself, each for a reason. Every
 * other file outside app/models must go through a model.
 */
const DATABASE_ALLOWED: Record<string, string> = {
  "app/utils/db.server.ts": "makes the one connection pool and Prisma client that the models use",
  "scripts/lib/migrate.ts": "the migration runner: applies prisma/migrations before any model can run (decision 002)",
  "scripts/lib/embedded-db.ts": "starts the embedded PostgreSQL and creates its database, before there is a schema",
  "scripts/embedded-db-process.ts": "the process that runs the embedded PostgreSQL (decision 001)",
};

/** Talks to the database: the shared client or pool, node-postgres, or a Prisma client of its own. */
function queriesDatabase(text: string) {
  return (
    /import\s+\{[^}]*\b(prisma|getPool)\b[^}]*\}\s+from\s+["'][^"']*db\.server["']/.test(text) ||
    /\b(prisma|getPool\(\))\.\w+/.test(text) ||
    /^import\s+(?!type\b)[^;]*\bfrom\s+["']pg["']/m.test(text) ||
    /^import\s+(?!type\b)[^;]*\bfrom\s+["'][^"']*generated\/prisma\/client["']/m.test(text) ||
    /\bnew\s+PrismaClient\b/.test(text)
  );
}

test("the database allowlist names files that exist", () => {
  expect(Object.keys(DATABASE_ALLOWED).filter((file) => !existsSync(path.join(root, file)))).toEqual([]);
});

test("nothing outside app/models (routes, components, guards, utilities, jobs, emails, the web server, scripts) queries the database itself", () => {
  const app = sources("app").filter((file) => !/^app\/(models|generated)\//.test(file));
  const files = [...app, ...["emails", "server", "scripts"].flatMap(sources)].filter(
    (file) => !(file in DATABASE_ALLOWED),
  );
  expect(files).toContain("app/root.tsx");
  expect(files).toContain("app/jobs/email-delivery.server.ts");
  expect(files.filter((file) => queriesDatabase(read(file)))).toEqual([]);
});

test("utilities do not depend on models", () => {
  const offenders = sources("app/utils").filter((file) => /from\s+["'](~\/models\/|\.\.\/models\/)/.test(read(file)));
  expect(offenders).toEqual([]);
});

test("no model throws or returns an HTTP response: it answers with a result the route or guard turns into one", () => {
  const offenders = sources("app/models").filter((file) => {
    const text = read(file);
    return (
      /\bnew\s+Response\b|\bResponse\.(json|redirect)\b/.test(text) ||
      /import\s+\{[^}]*\b(redirect|json|data)\b[^}]*\}\s+from\s+["']@remix-run\//.test(text)
    );
  });
  expect(offenders).toEqual([]);
});
