import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { expect } from "vitest";

/**
 * Another process, as a second web process would be: runs `script` (one of the
 * tests/*-on-cue.ts scripts) with `args`, resolves once it has connected and
 * printed "ready", then acts when told `go()`. `result` is the JSON of its
 * last line, once it has exited cleanly. Race tests start two or more and cue
 * them together.
 */
export async function processReadyOnCue<T>(script: string, args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: process.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  await new Promise<void>((resolve) =>
    lines.on("line", (line) => {
      output.push(line);
      if (line === "ready") resolve();
    }),
  );
  return {
    go: () => child.stdin.write("go\n"),
    result: once(child, "exit").then(([code]) => {
      expect(code).toBe(0);
      return JSON.parse(output.at(-1)!) as T;
    }),
  };
}
