import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Vitest runs with its own config: the Remix Vite plugin is for the app build only.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/test-database.ts"],
    pool: "forks",
    // Guards against a hang, not measures of speed: a test on a busy machine may take many times its usual time.
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
