import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * A Vitest reporter that writes, for `npm test` to print again after
 * Playwright's summary, everything that made the run fail: failed tests, a
 * failed hook of a file or a describe block (its tests are then skipped, not
 * failed), tests that never finished, and errors thrown outside any test. A CI
 * log often shows only its tail, where Vitest's own report is long gone.
 */
export const RECAP_PATH = "tmp/vitest-recap.txt";

type Problem = { where: string; errors: ReadonlyArray<{ message?: string; stack?: string }> };

const firstLines = (error: { message?: string; stack?: string }) =>
  (error.stack || error.message || String(error)).split("\n").slice(0, 6);

export default class FailureRecap implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<{ message?: string; stack?: string }>) {
    const problems: Problem[] = [];
    let passed = 0;
    let failed = 0;
    let unfinished = 0;
    for (const module of modules) {
      const file = relative(process.cwd(), module.moduleId);
      if (module.errors().length) problems.push({ where: `${file} (the file itself)`, errors: module.errors() });
      for (const suite of module.children.allSuites())
        if (suite.errors().length)
          problems.push({ where: `${file} › ${suite.fullName} (a hook)`, errors: suite.errors() });
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "passed") passed += 1;
        else if (result.state === "failed") {
          failed += 1;
          problems.push({ where: `${file} › ${test.fullName}`, errors: result.errors ?? [] });
        } else if (test.options.mode === "run") {
          // Neither skipped nor marked todo in the code, yet it did not pass or fail: a hook above it failed, or it never ran.
          unfinished += 1;
          problems.push({ where: `${file} › ${test.fullName} (${result.state}, did not run to the end)`, errors: [] });
        }
      }
    }
    if (unhandled.length) problems.push({ where: "outside any test (unhandled)", errors: unhandled });
    const lines = problems.flatMap(({ where, errors }) => [`✗ ${where}`, ...errors.flatMap(firstLines)]);
    lines.push(
      `Vitest: ${failed} failed | ${unfinished} did not run | ${passed} passed | ${unhandled.length} unhandled errors`,
    );
    mkdirSync(dirname(RECAP_PATH), { recursive: true });
    writeFileSync(RECAP_PATH, `${lines.join("\n")}\n`);
  }
}
