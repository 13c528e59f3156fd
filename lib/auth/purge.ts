import "server-only";
import { checkpointSoon } from "@/db/checkpointer";
import { type PurgeResult, store } from "@/db/store";
import { now } from "@/lib/clock";
import { singleton } from "@/lib/singleton";
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

export type { PurgeResult };

/** The longest rate-limit window (lib/auth/login-throttle.ts): an older failure counts nowhere. */
const RATE_LIMIT_MAX_WINDOW_MS = 60 * 60_000;

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

/** Deletes every row ended more than `retentionMs` before `at`. Safe to run concurrently with requests. */
export function purgeExpired(at: number = now(), opts: PurgeOptions = {}): Promise<PurgeResult> {
  return store().maintenance.purge({
    endedBefore: at - (opts.retentionMs ?? PURGE_RETENTION_MS),
    // Events are kept by age (real time), however their logins ended; failures a shorter while.
    eventsBefore: at - EVENT_RETENTION_MS,
    failureEventsBefore: at - FAILURE_EVENT_RETENTION_MS,
    failureEventTypes: FAILURE_EVENT_TYPES,
    rateLimitBefore: at - RATE_LIMIT_MAX_WINDOW_MS,
    batch: opts.batch ?? PURGE_BATCH,
    stepBudgetMs: opts.stepBudgetMs ?? PURGE_STEP_BUDGET_MS,
    sweepSlice: opts.sweepSlice ?? PURGE_SWEEP_SLICE,
    sweepRowsPerPass: opts.sweepRowsPerPass ?? PURGE_SWEEP_ROWS_PER_PASS,
    onStep: opts.onStep,
  });
}

// ---- the schedule --------------------------------------------------------------------

const schedule = () => singleton("purge-schedule", () => ({ started: false, running: false, timers: [] as NodeJS.Timeout[] }));

/**
 * Purges shortly after start, then every PURGE_INTERVAL_MS. Once per process (all route
 * bundles share globalThis); timers are unref'd so they never keep a process alive; a
 * pass still running when the next is due is not doubled; a failed pass is logged and
 * the next one tries again. The first pass is always logged (the benchmark waits for it,
 * so it does not land inside a measurement); later ones only when they deleted something.
 */
export function startPurgeSchedule(intervalMs = PURGE_INTERVAL_MS, firstDelayMs = 5_000): void {
  const state = schedule();
  if (state.started) return;
  state.started = true;
  let first = true;
  const pass = async (): Promise<void> => {
    if (state.running) return;
    state.running = true;
    try {
      const r = await purgeExpired();
      // Denylist entries die with the last token they could match: a tiny table, one statement.
      await store().denylist.deleteExpired(now());
      // The pass wrote many pages: fold them into the database now, off the event loop.
      checkpointSoon();
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
  const state = schedule();
  for (const t of state.timers) clearTimeout(t);
  state.timers = [];
  state.started = false;
}
