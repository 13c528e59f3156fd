import { cookieSize } from "./cookies";
import type { AuthFailureCode, AuthTrace, ModeName, TraceStep, TraceStepId } from "./types";

/** Each step's stable id, from its English name: the UI translates ids, not English. */
const STEP_IDS: Record<string, TraceStepId> = {
  "read cookies": "read_cookies",
  "read cookie": "read_cookie",
  "unseal (iron-session)": "unseal",
  "sha256(token)": "hash_token",
  "db lookup": "db_lookup",
  "check revoked / idle / absolute expiry": "check_session_state",
  "update last seen": "touch_session",
  "verify signature + claims (HS256)": "verify_jwt",
  "verify signature + claims (EdDSA)": "verify_jwt",
  "verify signature + claims (ES256)": "verify_jwt",
  "denylist lookup (JWT_DENYLIST=on)": "denylist_lookup",
  "no database lookup": "no_db_lookup",
};

/**
 * The first step of every check, in both modes: read this mode's credential cookie. No
 * cookie is a stranger (HTTP remembers nothing); the size is what the browser sent.
 */
export function startCheck(mode: ModeName, cookieName: string, value: string | undefined): TraceRecorder {
  const trace = new TraceRecorder(mode);
  trace.cookie = cookieName;
  if (value) trace.note("read cookie", true, `${cookieName}: ${cookieSize(cookieName, value)} bytes`);
  else trace.note("read cookie", false, `no ${cookieName} cookie: this request is a stranger`);
  return trace;
}

// Records how a request was checked, step by step, as it runs. The dashboard and the
// inspector render exactly this; nothing is re-derived in the UI.
export class TraceRecorder {
  private readonly started = performance.now();
  private readonly steps: TraceStep[] = [];
  private queries = 0;
  cookie: string | null = null;

  constructor(public mode: ModeName | null) {}

  /** Time a synchronous step. `queries` = DB queries the step runs. */
  run<T>(name: string, fn: () => T, summarize?: (result: T) => string, queries = 0): T {
    const t0 = performance.now();
    const result = fn();
    this.push({ name, ms: performance.now() - t0, ok: true, detail: summarize?.(result), dbQueries: queries });
    return result;
  }

  async runAsync<T>(name: string, fn: () => Promise<T>, summarize?: (result: T) => string, queries = 0): Promise<T> {
    const t0 = performance.now();
    const result = await fn();
    this.push({ name, ms: performance.now() - t0, ok: true, detail: summarize?.(result), dbQueries: queries });
    return result;
  }

  /** A step timed by the caller (work that is not one function call). */
  record(name: string, ms: number, detail: string, queries = 0): void {
    this.push({ name, ms, ok: true, detail, dbQueries: queries });
  }

  /** A check that took no measurable work (a comparison), or a failure to record. */
  note(name: string, ok: boolean, detail?: string): void {
    this.push({ name, ms: 0, ok, detail });
  }

  /** Marks the last recorded step as failed (the step ran, its result was rejected). */
  failLast(detail?: string): void {
    const last = this.steps.at(-1);
    if (!last) return;
    last.ok = false;
    if (detail) last.detail = detail;
  }

  private push(step: TraceStep): void {
    const id = STEP_IDS[step.name];
    if (id) step.id = id;
    if (step.dbQueries) this.queries += step.dbQueries;
    if (!step.dbQueries) delete step.dbQueries;
    if (step.detail === undefined) delete step.detail;
    this.steps.push(step);
  }

  finish(failure: AuthFailureCode | null): AuthTrace {
    return {
      mode: this.mode,
      cookie: this.cookie,
      steps: this.steps,
      dbQueries: this.queries,
      totalMs: performance.now() - this.started,
      failure,
    };
  }
}
