import pg from "pg";
import { createPgStore } from "@/db/store/pg";

// Tests on PostgreSQL (AUTHLAB_TEST_STORE=pg): the throwaway cluster's URL comes from
// lib/test/pg-global-setup.ts; each vitest worker works in a database of its own
// (workers run files side by side), migrated once and emptied before every test, so no
// test sees another's rows.

export const onPostgres = (): boolean => process.env.AUTHLAB_TEST_STORE === "pg";

let workerUrl: string | undefined;

/** This worker's database URL (created and migrated on first use). */
export async function workerDatabaseUrl(clusterUrl: string): Promise<string> {
  if (workerUrl) return workerUrl;
  const name = `authlab_w${process.env.VITEST_POOL_ID ?? "0"}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(clusterUrl);
  u.pathname = `/${name}`;
  workerUrl = u.toString();
  const s = createPgStore(workerUrl, { max: 1 });
  await s.maintenance.ready();
  await s.close();
  return workerUrl;
}

/** Empties every table (one statement) so the next test starts from nothing. */
export async function emptyDatabase(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Every table of the app's schema (the migrations' own journal lives in schema "drizzle").
    const tables = await c.query<{ t: string }>("SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = 'public'");
    await c.query(`TRUNCATE ${tables.rows.map((r) => r.t).join(", ")} RESTART IDENTITY CASCADE`);
  } finally {
    await c.end();
  }
}
