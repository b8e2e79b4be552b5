import path from "node:path";
import { defineConfig } from "vitest/config";
import { LongestFirstSequencer } from "./tests/sequencer";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // lib/ modules import "server-only" to keep them out of client bundles; in tests it is a no-op.
      "server-only": path.resolve(__dirname, "tests/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", "e2e-multi/**", ".next/**", ".next-multi/**", ".next-keycheck/**"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // next-auth imports "next/server" without an extension; let Vite resolve it.
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    // Real-Postgres files share one throwaway database; PGlite files each get a fresh in-memory one.
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
  },
});
