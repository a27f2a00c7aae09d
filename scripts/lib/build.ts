import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { BUILD_FAILED, StartRefusal } from "./start-checks";

const BUILD_OUTPUT = "build/server/index.js";
const SOURCES = ["app", "emails", "public", "vite.config.ts", "package.json"];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

/** Builds the production bundle when there is none or a source is newer than it. */
export async function buildIfNeeded() {
  const built = existsSync(BUILD_OUTPUT) ? statSync(BUILD_OUTPUT).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map(newestChange));
  if (built > changed) return;
  console.log(built ? "sources changed since the last build: building…" : "building the site…");
  const result = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new StartRefusal(BUILD_FAILED);
}
