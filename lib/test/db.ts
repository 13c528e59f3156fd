import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { vi } from "vitest";
import { type Db, getDb } from "@/db/client";
import * as sqliteSchema from "@/db/schema";
import * as pgSchema from "@/db/schema.pg";
import { onPostgres } from "./pg";

// What unit tests need to look at the rows themselves, on whichever store the test runs
// (the "sqlite" or the "pg" vitest project). The two schemas have the same tables, columns
// and row shapes (db/schema-drift.test.ts), so tests are written once against the SQLite
// types and run on both. Use `await` on queries (not SQLite's .all()/.get()/.run()).

export const tables = (onPostgres() ? pgSchema : sqliteSchema) as unknown as typeof sqliteSchema;

let pgHandle: { url: string; pool: pg.Pool; db: Db } | undefined;

/** A Drizzle handle on the test's database, beside the app's own store. */
export function testDb(): Db {
  if (!onPostgres()) return getDb();
  const url = process.env.DATABASE_URL ?? "";
  if (pgHandle?.url !== url) {
    void pgHandle?.pool.end();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pgHandle = { url, pool, db: drizzle(pool, { schema: pgSchema }) as unknown as Db };
  }
  return pgHandle.db;
}

export async function closeTestDb(): Promise<void> {
  await pgHandle?.pool.end();
  pgHandle = undefined;
}

/** Every row of every app table, as JSON per table (for "no raw token is stored" checks). */
export async function dumpTables(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!onPostgres()) {
    const client = getDb().$client;
    const names = client.prepare("select name from sqlite_master where type='table'").all() as { name: string }[];
    for (const { name } of names) out[name] = JSON.stringify(client.prepare(`select * from "${name}"`).all());
    return out;
  }
  testDb();
  const pool = pgHandle?.pool as pg.Pool;
  const names = await pool.query<{ s: string; t: string }>(
    "SELECT schemaname AS s, tablename AS t FROM pg_tables WHERE schemaname IN ('public', 'drizzle')",
  );
  for (const { s, t } of names.rows) out[t] = JSON.stringify((await pool.query(`SELECT * FROM "${s}"."${t}"`)).rows);
  return out;
}

/** Counts the statements the app's store ran while `fn` ran (prepared once or not). */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const spies = onPostgres()
    ? // Every statement of the pg driver, pooled or not, goes through Client#query.
      [vi.spyOn(pg.Client.prototype, "query")]
    : (["get", "all", "run", "iterate"] as const).map((m) => vi.spyOn(Object.getPrototypeOf(getDb().$client.prepare("SELECT 1")), m));
  try {
    const result = await fn();
    return { result, queries: spies.reduce((n, s) => n + s.mock.calls.length, 0) };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}
