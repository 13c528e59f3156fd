import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // The marker package throws outside React Server Components; units are server code.
      "server-only": path.resolve(import.meta.dirname, "lib/test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
    setupFiles: ["lib/test/setup.ts"],
    environment: "node",
    pool: "forks",
    reporters: ["default", ["json", { outputFile: ".tmp/reports/vitest.json" }]],
  },
});
