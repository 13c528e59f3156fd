import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "../../schema.pg";
import { scrubbed } from "./errors";

export type PgDb = PgDatabase<NodePgQueryResultHKT, typeof schema>;

/** A pool, reached through run(); inside transaction() every call uses that transaction's client. */
export interface PgConn {
  run<T>(statement: (db: PgDb) => Promise<T>): Promise<T>;
  transaction<T>(body: () => Promise<T>, locks?: readonly string[]): Promise<T>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function pgMigrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations-pg");
}

// Any numbers: one serialises start-up migrations across instances; the other is the
// outer level of a two-level lock for transactions (docs/decisions/038): a transaction
// that names its locks holds it shared plus one exclusive lock per name, so only
// transactions on the same token, login or bucket wait for each other; one that names
// none holds it exclusive and waits for all.
const MIGRATION_LOCK = 0x61757468; // "auth"
const TRANSACTION_LOCK = 0x74786e; // "txn"

/** Named locks, in one order everywhere (sorted, deduplicated), so two never deadlock. */
async function takeLocks(tx: PgDb, locks: readonly string[]): Promise<void> {
  for (const name of [...new Set(locks)].sort()) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
  }
}

export function pgConnection(url: string, opts: { max?: number } = {}): PgConn {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client that dies (server restart) must not crash the process; the next
  // checkout reconnects. The error is dropped, not logged: it could name the server.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema });
  const als = new AsyncLocalStorage<PgDb>();
  let migrated: Promise<void> | null = null;

  const ready = (): Promise<void> => {
    migrated ??= (async () => {
      const client = await pool.connect();
      try {
        // Several instances start at once: one migrates, the others wait and find it done.
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
        try {
          await migrate(drizzle(client, { schema }), { migrationsFolder: pgMigrationsFolder() });
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    })().catch((err) => {
      migrated = null;
      throw scrubbed(err, url);
    });
    return migrated;
  };

  return {
    async run(statement) {
      const tx = als.getStore();
      if (tx) return statement(tx);
      await ready();
      try {
        return await statement(db);
      } catch (err) {
        throw scrubbed(err, url);
      }
    },
    async transaction(body, locks = []) {
      const outer = als.getStore();
      if (outer) {
        // Nested: part of the outer transaction, which also takes this one's names
        // (a rotation that finds reuse ends the login under the same login lock).
        if (locks.length > 0) await takeLocks(outer, locks);
        return body();
      }
      await ready();
      // What the body throws (a 429, a store error already scrubbed) passes through as it is.
      const fromBody = new WeakSet<object>();
      try {
        return await db.transaction(async (tx) => {
          // Named: wait only for transactions on the same names. Unnamed: wait for all, as
          // SQLite's BEGIN IMMEDIATE gives the embedded store.
          if (locks.length > 0) {
            await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${TRANSACTION_LOCK})`);
            await takeLocks(tx as unknown as PgDb, locks);
          } else {
            await tx.execute(sql`SELECT pg_advisory_xact_lock(${TRANSACTION_LOCK})`);
          }
          try {
            return await als.run(tx as unknown as PgDb, body);
          } catch (err) {
            if (err && typeof err === "object") fromBody.add(err);
            throw err;
          }
        });
      } catch (err) {
        if (err && typeof err === "object" && fromBody.has(err)) throw err;
        throw scrubbed(err, url);
      }
    },
    ready,
    close: () => pool.end(),
  };
}
