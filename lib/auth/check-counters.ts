import "server-only";
import { singleton } from "@/lib/singleton";
import type { AuthTrace, CheckCounters, ModeCheckCounters, ModeName } from "./types";

// What this server process spent on authorization checks, per mode, since it started:
// the dashboard's "a JWT saves server resources" card. Process-local on purpose (each
// instance counts its own work, and a restart starts from zero): it measures this
// process, it decides nothing, so it need not live in the store.

/** How many recent check times the median is taken over. */
const RECENT = 200;

interface Tally {
  checks: number;
  dbQueries: number;
  ms: number;
  /** A ring of the last RECENT check times. */
  recent: number[];
}

const counters = singleton<{ since: number; modes: Record<ModeName, Tally> }>("check-counters", () => ({
  since: Date.now(),
  modes: {
    session: { checks: 0, dbQueries: 0, ms: 0, recent: [] },
    jwt: { checks: 0, dbQueries: 0, ms: 0, recent: [] },
  },
}));

/** Adds one finished check. A request with no credential cookie belongs to no mode and is not counted. */
export function countCheck(trace: AuthTrace): void {
  if (trace.mode === null) return;
  const c = counters.modes[trace.mode];
  c.recent[c.checks % RECENT] = trace.totalMs;
  c.checks += 1;
  c.dbQueries += trace.dbQueries;
  c.ms += trace.totalMs;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function view(t: Tally): ModeCheckCounters {
  return { checks: t.checks, dbQueries: t.dbQueries, ms: t.ms, medianMs: median(t.recent) };
}

/** A copy, so a caller cannot change the counts. */
export function checkCounters(): CheckCounters {
  return { since: counters.since, modes: { session: view(counters.modes.session), jwt: view(counters.modes.jwt) } };
}
