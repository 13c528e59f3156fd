import { sql } from "drizzle-orm";
import type { Db } from "../../client";
import { authEvents, rateLimitFailures, refreshTokens, sessions } from "../../schema";
import type { PurgeOptions, PurgeResult } from "../types";
import type { Conn } from "./conn";

// Deletes ended rows in small batches, with a turn of the event loop between each, so
// requests never wait behind it (the policy — what "ended" means and how long rows are
// kept — is lib/auth/purge.ts's; this is how SQLite does it fast).

/** Where each table's walk resumes; per connection, so a new database starts from the top. */
const sweepCursors = new WeakMap<Db, { sessions: number; refresh_tokens: number }>();

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function purge(c: Conn, opts: PurgeOptions): Promise<PurgeResult> {
  const started = performance.now();
  const cutoff = opts.endedBefore;
  const maxBatch = Math.max(1, opts.batch);
  const budget = opts.stepBudgetMs;
  const slice = opts.sweepSlice;
  const cursors = await c.run((db) => {
    const found = sweepCursors.get(db) ?? { sessions: 0, refresh_tokens: 0 };
    sweepCursors.set(db, found);
    return found;
  });
  const result: PurgeResult = { sessions: 0, refreshTokens: 0, events: 0, batches: 0, longestBatchMs: 0, ms: 0 };
  let batch = Math.min(100, maxBatch);

  /** One synchronous statement, timed; then the event loop gets a turn. */
  const step = async <T>(work: (db: Db) => T): Promise<T> => {
    let took = 0;
    const out = await c.run((db) => {
      const t0 = performance.now();
      const r = work(db);
      took = performance.now() - t0;
      return r;
    });
    opts.onStep?.(took, typeof out === "number" ? out : null);
    result.longestBatchMs = Math.max(result.longestBatchMs, took);
    result.batches++;
    // The batch adapts: halves when a step ran over the budget, doubles when well under.
    if (took > budget) batch = Math.max(Math.min(10, maxBatch), Math.floor(batch / 2));
    else if (took < budget / 2) batch = Math.min(maxBatch, batch * 2);
    await yieldToEventLoop();
    return out;
  };
  /** Repeats a delete of at most `batch` rows until one deletes fewer: everything matching is gone. */
  const drain = async (del: (limit: number) => ReturnType<typeof sql>): Promise<number> => {
    let total = 0;
    for (;;) {
      const limit = batch;
      const n = await step((db) => db.run(del(limit)).changes);
      total += n;
      if (n < limit) return total;
    }
  };

  // 1. Past their absolute expiry / their expiry: found through the expiry indexes.
  result.sessions += await drain(
    (limit) =>
      sql`DELETE FROM ${sessions} WHERE rowid IN (SELECT rowid FROM ${sessions} WHERE ${sessions.absoluteExpiresAt} < ${cutoff} LIMIT ${limit})`,
  );
  result.refreshTokens += await drain(
    (limit) =>
      sql`DELETE FROM ${refreshTokens} WHERE rowid IN (SELECT rowid FROM ${refreshTokens} WHERE ${refreshTokens.expiresAt} < ${cutoff} LIMIT ${limit})`,
  );

  // 2. Revoked, or idle-expired, long ago while their expiry is still ahead. No index
  //    finds these, so the table is walked in rowid ranges of `slice` rows, each range
  //    drained like the deletes above, from where the previous pass stopped.
  for (const [name, table, ended] of [
    [
      "sessions",
      sessions,
      sql`((${sessions.revokedAt} IS NOT NULL AND ${sessions.revokedAt} < ${cutoff}) OR ${sessions.idleExpiresAt} < ${cutoff})`,
    ],
    ["refresh_tokens", refreshTokens, sql`(${refreshTokens.revokedAt} IS NOT NULL AND ${refreshTokens.revokedAt} < ${cutoff})`],
  ] as const) {
    let lo = cursors[name];
    let walked = 0;
    let wrapped = false;
    while (walked < opts.sweepRowsPerPass) {
      const from = lo;
      const hi = await step(
        (db) =>
          db.get<{ hi: number | null }>(
            sql`SELECT max(rowid) AS hi FROM (SELECT rowid FROM ${table} WHERE rowid > ${from} ORDER BY rowid LIMIT ${slice})`,
          )?.hi ?? null,
      );
      if (hi === null) {
        // The end of the table: start again from the top, at most once per pass.
        if (from === 0 || wrapped) break;
        lo = 0;
        wrapped = true;
        continue;
      }
      walked += slice;
      const n = await drain(
        (limit) =>
          sql`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE rowid > ${from} AND rowid <= ${hi} AND ${ended} LIMIT ${limit})`,
      );
      if (table === sessions) result.sessions += n;
      else result.refreshTokens += n;
      lo = hi;
    }
    cursors[name] = lo;
  }

  // 3. The event log's retention, through the (at) and (type, at) indexes.
  result.events += await drain(
    (limit) =>
      sql`DELETE FROM ${authEvents} WHERE rowid IN (SELECT rowid FROM ${authEvents} WHERE ${authEvents.at} < ${opts.eventsBefore} LIMIT ${limit})`,
  );
  for (const type of opts.failureEventTypes) {
    result.events += await drain(
      (limit) =>
        sql`DELETE FROM ${authEvents} WHERE rowid IN (SELECT rowid FROM ${authEvents} WHERE ${authEvents.type} = ${type} AND ${authEvents.at} < ${opts.failureEventsBefore} LIMIT ${limit})`,
    );
  }

  // 4. Rate-limit failures past every window.
  if (opts.rateLimitBefore !== undefined) {
    const before = opts.rateLimitBefore;
    result.rateLimits = await drain(
      (limit) =>
        sql`DELETE FROM ${rateLimitFailures} WHERE rowid IN (SELECT rowid FROM ${rateLimitFailures} WHERE ${rateLimitFailures.at} < ${before} LIMIT ${limit})`,
    );
  }

  result.ms = performance.now() - started;
  return result;
}
