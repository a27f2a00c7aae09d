/**
 * For the tests of `npm start`: runs scripts/start.ts in a child process with
 * only what a shell would pass (none of the test run's own database or
 * secret), and collects what it printed.
 */
import { spawn } from "node:child_process";

/** A stack trace's lines: "    at f (file:1:2)". None may reach the operator. */
export const STACK_LINE = /^\s+at /m;

export function runStart(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, output: output.trim() })),
  );
}
