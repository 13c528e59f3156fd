import "server-only";
import { sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { authEvents, refreshTokens, sessions } from "@/db/schema";
import { now } from "@/lib/clock";
import { purgeExpiredDenials } from "./denylist";
import { EVENT_RETENTION_MS, FAILURE_EVENT_RETENTION_MS, FAILURE_EVENT_TYPES } from "./events";

// Logins end (logout, revocation, idle or absolute expiry) but their rows would stay
// forever. This deletes them once they have been over for RETENTION, so the database
// stays proportional to recent logins, in small batches with a turn of the event loop
// between each, so requests never wait behind it.
//
// RETENTION is generous on purpose: an ended session or a revoked refresh family stays
// visible for a day on the dashboard ("revoked 3 h ago: forced_logout"), and a cookie
// presented within that day still gets its precise answer ("session_revoked",
// "refresh_expired") rather than "not found". After it, such a cookie gets the generic
// "not found" / "refresh_invalid": still refused, only less specific.
//
// What is never deleted early: a refresh token that was used (rotated) but has not
// expired. It is the evidence that makes reuse detection work (a copied token presented
// after its rotation revokes the whole family), so it lives until its own expiry.

export const PURGE_RETENTION_MS = 24 * 60 * 60 * 1000;
/** At most this many rows per statement. */
export const PURGE_BATCH = 500;
/**
 * Each step should hold the event loop at most about this long. A delete's cost depends
 * on the disk and on how scattered the rows' index entries are, so the batch size adapts
 * (halves when a step ran over, doubles when it ran well under), between 10 and PURGE_BATCH.
 */
export const PURGE_STEP_BUDGET_MS = 8;
/** Rows examined per step when no index can find the dead ones (revoked, idle-expired). */
export const PURGE_SWEEP_SLICE = 2_000;
/**
 * Rows of each table walked per pass for those; the walk resumes where the last pass
 * stopped, so a pass costs the same however large the tables are, and a table of a
 * million rows is walked through every 5 passes (under an hour).
 */
export const PURGE_SWEEP_ROWS_PER_PASS = 200_000;
export const PURGE_INTERVAL_MS = 10 * 60 * 1000;

export interface PurgeResult {
  sessions: number;
  refreshTokens: number;
  events: number; // auth_events past their retention (EVENT_RETENTION_MS, failures sooner)
  batches: number; // synchronous DB steps, each followed by a yield to the event loop
  longestBatchMs: number; // the longest the event loop was held by one step
  ms: number;
}

export interface PurgeOptions {
  retentionMs?: number;
  batch?: number;
  stepBudgetMs?: number;
  sweepSlice?: number;
  /** Infinity walks the whole of each table in this pass. */
  sweepRowsPerPass?: number;
  /** Called after every step (the benchmark and tests watch the batching). */
  onStep?: (ms: number, rows: number | null) => void;
}

/** Where each table's walk resumes; per connection, so a new database starts from the top. */
const sweepCursors = new WeakMap<Db, { sessions: number; refresh_tokens: number }>();

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Deletes every row ended more than `retentionMs` before `at`. Safe to run concurrently with requests. */
export async function purgeExpired(at: number = now(), opts: PurgeOptions = {}): Promise<PurgeResult> {
  const started = performance.now();
  const cutoff = at - (opts.retentionMs ?? PURGE_RETENTION_MS);
  const maxBatch = Math.max(1, opts.batch ?? PURGE_BATCH);
  const budget = opts.stepBudgetMs ?? PURGE_STEP_BUDGET_MS;
  const slice = opts.sweepSlice ?? PURGE_SWEEP_SLICE;
  const walkBudget = opts.sweepRowsPerPass ?? PURGE_SWEEP_ROWS_PER_PASS;
  const db = getDb();
  const cursors = sweepCursors.get(db) ?? { sessions: 0, refresh_tokens: 0 };
  sweepCursors.set(db, cursors);
  const result: PurgeResult = { sessions: 0, refreshTokens: 0, events: 0, batches: 0, longestBatchMs: 0, ms: 0 };
  let batch = Math.min(100, maxBatch);

  /** One synchronous statement, timed; then the event loop gets a turn. */
  const step = async <T>(work: () => T): Promise<T> => {
    const t0 = performance.now();
    const out = work();
    const took = performance.now() - t0;
    opts.onStep?.(took, typeof out === "number" ? out : null);
    result.longestBatchMs = Math.max(result.longestBatchMs, took);
    result.batches++;
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
      const n = await step(() => getDb().run(del(limit)).changes);
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
    while (walked < walkBudget) {
      const from = lo;
      const hi = await step(
        () =>
          getDb().get<{ hi: number | null }>(
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

  // 3. The event log's retention, through the (at) and (type, at) indexes. Real time, not
  //    the purge's own cutoff: events are kept by age, however logins ended.
  const eventsBefore = at - EVENT_RETENTION_MS;
  result.events += await drain(
    (limit) =>
      sql`DELETE FROM ${authEvents} WHERE rowid IN (SELECT rowid FROM ${authEvents} WHERE ${authEvents.at} < ${eventsBefore} LIMIT ${limit})`,
  );
  const failuresBefore = at - FAILURE_EVENT_RETENTION_MS;
  for (const type of FAILURE_EVENT_TYPES) {
    result.events += await drain(
      (limit) =>
        sql`DELETE FROM ${authEvents} WHERE rowid IN (SELECT rowid FROM ${authEvents} WHERE ${authEvents.type} = ${type} AND ${authEvents.at} < ${failuresBefore} LIMIT ${limit})`,
    );
  }

  result.ms = performance.now() - started;
  return result;
}

// ---- the schedule --------------------------------------------------------------------

const g = globalThis as unknown as { __authlabPurge?: { running: boolean; timers: NodeJS.Timeout[] } };

/**
 * Purges shortly after start, then every PURGE_INTERVAL_MS. Once per process (all route
 * bundles share globalThis); timers are unref'd so they never keep a process alive; a
 * pass still running when the next is due is not doubled; a failed pass is logged and
 * the next one tries again. The first pass is always logged (the benchmark waits for it,
 * so it does not land inside a measurement); later ones only when they deleted something.
 */
export function startPurgeSchedule(intervalMs = PURGE_INTERVAL_MS, firstDelayMs = 5_000): void {
  if (g.__authlabPurge) return;
  const state = { running: false, timers: [] as NodeJS.Timeout[] };
  g.__authlabPurge = state;
  let first = true;
  const pass = async (): Promise<void> => {
    if (state.running) return;
    state.running = true;
    try {
      const r = await purgeExpired();
      // Denylist entries die with the last token they could match: a tiny table, one statement.
      purgeExpiredDenials(now());
      if (first || r.sessions + r.refreshTokens + r.events > 0) {
        console.log(
          `[authlab] purge${first ? " (first pass)" : ""}: deleted ${r.sessions} ended sessions, ${r.refreshTokens} refresh tokens and ${r.events} old events in ${Math.round(r.ms)} ms (${r.batches} steps, longest ${r.longestBatchMs.toFixed(1)} ms)`,
        );
      }
    } catch (err) {
      console.error(`[authlab] purge failed, will retry: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      first = false;
      state.running = false;
    }
  };
  state.timers.push(setTimeout(pass, firstDelayMs).unref(), setInterval(pass, intervalMs).unref());
}

export function stopPurgeSchedule(): void {
  for (const t of g.__authlabPurge?.timers ?? []) clearTimeout(t);
  g.__authlabPurge = undefined;
}
