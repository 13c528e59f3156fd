import { type SQL, sql } from "drizzle-orm";
import { authEvents, rateLimitFailures, refreshTokens, sessions } from "../../schema.pg";
import type { PurgeOptions, PurgeResult } from "../types";
import type { PgConn } from "./conn";

// The same policy as the SQLite purge (lib/auth/purge.ts decides what "ended" means),
// done the PostgreSQL way: each step deletes at most `batch` rows by primary key, in its
// own statement, so no lock is held long and other instances' requests never wait. The
// server does the work, not this event loop; yielding between steps keeps the pool free.

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function purge(c: PgConn, opts: PurgeOptions): Promise<PurgeResult> {
  const started = performance.now();
  const cutoff = opts.endedBefore;
  const maxBatch = Math.max(1, opts.batch);
  const budget = opts.stepBudgetMs;
  const result: PurgeResult = { sessions: 0, refreshTokens: 0, events: 0, batches: 0, longestBatchMs: 0, ms: 0 };
  let batch = Math.min(100, maxBatch);

  /** Deletes matching rows `batch` at a time until a step deletes fewer than it could. */
  const drain = async (
    table: typeof sessions | typeof refreshTokens | typeof authEvents | typeof rateLimitFailures,
    where: SQL,
  ): Promise<number> => {
    let total = 0;
    for (;;) {
      const limit = batch;
      const t0 = performance.now();
      const r = await c.run((db) =>
        db.execute(sql`DELETE FROM ${table} WHERE ${table.id} IN (SELECT ${table.id} FROM ${table} WHERE ${where} LIMIT ${limit})`),
      );
      const took = performance.now() - t0;
      const n = r.rowCount ?? 0;
      opts.onStep?.(took, n);
      result.longestBatchMs = Math.max(result.longestBatchMs, took);
      result.batches++;
      if (took > budget) batch = Math.max(Math.min(10, maxBatch), Math.floor(batch / 2));
      else if (took < budget / 2) batch = Math.min(maxBatch, batch * 2);
      total += n;
      await yieldToEventLoop();
      if (n < limit) return total;
    }
  };

  result.sessions += await drain(sessions, sql`${sessions.absoluteExpiresAt} < ${cutoff}`);
  result.refreshTokens += await drain(refreshTokens, sql`${refreshTokens.expiresAt} < ${cutoff}`);
  result.sessions += await drain(
    sessions,
    sql`((${sessions.revokedAt} IS NOT NULL AND ${sessions.revokedAt} < ${cutoff}) OR ${sessions.idleExpiresAt} < ${cutoff})`,
  );
  result.refreshTokens += await drain(
    refreshTokens,
    sql`(${refreshTokens.revokedAt} IS NOT NULL AND ${refreshTokens.revokedAt} < ${cutoff})`,
  );
  result.events += await drain(authEvents, sql`${authEvents.at} < ${opts.eventsBefore}`);
  for (const type of opts.failureEventTypes) {
    result.events += await drain(authEvents, sql`${authEvents.type} = ${type} AND ${authEvents.at} < ${opts.failureEventsBefore}`);
  }
  if (opts.rateLimitBefore !== undefined) {
    result.rateLimits = await drain(rateLimitFailures, sql`${rateLimitFailures.at} < ${opts.rateLimitBefore}`);
  }
  result.ms = performance.now() - started;
  return result;
}
