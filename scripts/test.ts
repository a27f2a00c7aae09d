/**
 * `npm test`: every test. Type check, lint (ESLint and Prettier's check), Vitest (units, models, loaders and
 * actions on a real PostgreSQL), then Playwright in Debian's Chromium, which it
 * installs through apt when missing and running as root. Playwright runs
 * last, so its summary line ends the run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { RECAP_PATH } from "../tests/setup/failure-recap";
import { CHROMIUM_PATH } from "../tests/chromium";

const chromium = CHROMIUM_PATH;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env }).status ?? 1;
}

if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is not at ${chromium}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  console.log("Installing Debian's Chromium for the browser tests…");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["install", "-y", "chromium"], aptEnv) !== 0) {
    run("apt-get", ["update"], aptEnv);
    if (run("apt-get", ["install", "-y", "chromium"], aptEnv) !== 0) process.exit(1);
  }
}

const bin = (name: string) => `node_modules/.bin/${name}`;
const failures: string[] = [];
if (run(bin("tsc"), []) !== 0) failures.push("type check");
if (run("npm", ["run", "--silent", "lint"]) !== 0) failures.push("lint (npm run format fixes formatting)");
// A reporter of ours also writes what failed, so a failure far above Playwright's output is named again at the end.
rmSync(RECAP_PATH, { force: true });
if (run(bin("vitest"), ["run", "--reporter=default", "--reporter=./tests/setup/failure-recap.ts"]) !== 0)
  failures.push("vitest");
// Never let Playwright fetch a browser of its own.
const e2eEnv = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
const e2e = run(bin("playwright"), ["test"], e2eEnv);
if (failures.length) {
  // What failed before the browser tests scrolled out of sight long ago (a CI log often shows only its tail).
  console.error(`\nFailed before the browser tests: ${failures.join(", ")}`);
  if (failures.includes("vitest"))
    console.error(
      existsSync(RECAP_PATH)
        ? readFileSync(RECAP_PATH, "utf8").trimEnd()
        : "Vitest wrote no recap (it stopped before its reporters ran).",
    );
}
process.exit(e2e !== 0 || failures.length ? 1 : 0);
