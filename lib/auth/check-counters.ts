import "server-only";
import { singleton } from "@/lib/singleton";
import type { AuthTrace, CheckCounters } from "./types";

// What this server process spent on authorization checks, per mode, since it started:
// the dashboard's "a JWT saves server resources" card. Process-local on purpose (each
// instance counts its own work, and a restart starts from zero): it measures this
// process, it decides nothing, so it need not live in the store.

const counters = singleton<CheckCounters>("check-counters", () => ({
  since: Date.now(),
  modes: { session: { checks: 0, dbQueries: 0, ms: 0 }, jwt: { checks: 0, dbQueries: 0, ms: 0 } },
}));

/** Adds one finished check. A request with no credential cookie belongs to no mode and is not counted. */
export function countCheck(trace: AuthTrace): void {
  if (trace.mode === null) return;
  const c = counters.modes[trace.mode];
  c.checks += 1;
  c.dbQueries += trace.dbQueries;
  c.ms += trace.totalMs;
}

/** A copy, so a caller cannot change the counts. */
export function checkCounters(): CheckCounters {
  const { session, jwt } = counters.modes;
  return { since: counters.since, modes: { session: { ...session }, jwt: { ...jwt } } };
}
