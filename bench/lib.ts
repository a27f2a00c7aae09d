import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";

export type Measure = {
  name: string;
  rate: number;
  p50: number;
  p99: number;
  /** Responses with the status the scenario expects. */
  ok: number;
  errors: number;
  note?: string;
};

/** Runs autocannon and turns its result into our row. */
export async function load(name: string, options: autocannon.Options, expectedStatus: number): Promise<Measure> {
  const result = await autocannon(options);
  const ok = Number(result.statusCodeStats?.[String(expectedStatus) as `${number}`]?.count ?? 0);
  const total = Object.values(result.statusCodeStats ?? {}).reduce((n, s) => n + Number(s?.count ?? 0), 0);
  return {
    name,
    rate: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: total - ok + result.errors + result.timeouts,
  };
}

/**
 * Calls `call` from `concurrency` callers in this process for `seconds`: the
 * same row as `load`, for a read measured through the model rather than HTTP.
 */
export async function measureCalls(
  name: string,
  call: () => Promise<unknown>,
  options: { concurrency: number; seconds: number },
): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        try {
          await call();
          latencies.push(performance.now() - started);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    name,
    rate: latencies.length / options.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: latencies.length,
    errors,
  };
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Starts a long-running child and waits for a line on its output. */
export function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (ready.test(chunk.toString())) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { child, started, stop };
}
