import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper without type declarations
import { startThrowawayPostgres } from "../../db/pg/throwaway.mjs";

// The "pg" vitest project: one throwaway PostgreSQL cluster for the whole run, started
// from Debian's binaries (apt-installed when missing) and deleted afterwards. Each worker
// gets its own database in it (lib/test/pg.ts), emptied before every test.

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const pg = (await startThrowawayPostgres()) as { url: string; stop(): Promise<void> };
  project.provide("pgUrl", pg.url);
  return () => pg.stop();
}
