import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: everything on the embedded SQLite file ("sqlite"), and the data layer and
// both modes again on a real PostgreSQL server ("pg", AUTHLAB_TEST_STORE=pg), one
// throwaway cluster started by lib/test/pg-global-setup.ts for the run.
const alias = {
  "@": path.resolve(import.meta.dirname),
  // The marker package throws outside React Server Components; units are server code.
  "server-only": path.resolve(import.meta.dirname, "lib/test/server-only-stub.ts"),
};

// The tests of SQLite's own machinery stay on SQLite: its WAL checkpointer, its upgrade
// path from older migration files, the import boundary (a source scan, no database), and
// the purge's rowid-slice walk (PostgreSQL deletes by primary key instead; db/store/
// store.test.ts checks what the purge deletes on both). Everything else of the data
// layer and the modes runs on both.
export const SQLITE_ONLY = ["db/checkpointer.test.ts", "db/upgrade.test.ts", "db/store/boundary.test.ts", "lib/auth/purge.test.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    setupFiles: ["lib/test/setup.ts"],
    environment: "node",
    pool: "forks",
    reporters: ["default", ["json", { outputFile: ".tmp/reports/vitest.json" }]],
    projects: [
      {
        extends: true,
        // db/store/pg/*.test.ts need a PostgreSQL server: only the "pg" project runs them.
        test: { name: "sqlite", include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"], exclude: ["db/store/pg/**"] },
      },
      {
        extends: true,
        test: {
          name: "pg",
          include: ["db/**/*.test.ts", "lib/auth/**/*.test.ts"],
          exclude: SQLITE_ONLY,
          env: { AUTHLAB_TEST_STORE: "pg" },
          // Every statement is a loopback round trip (SQLite's are function calls): a test
          // that writes 500 events needs more than the default 5 s on a busy machine.
          testTimeout: 30_000,
          hookTimeout: 30_000,
          globalSetup: ["lib/test/pg-global-setup.ts"],
        },
      },
    ],
  },
});
