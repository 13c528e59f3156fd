import { type Coded, TRACE_STEP_IDS, type TraceDetailCode, type TraceStepId } from "./codes";
import { cookieSize } from "./cookies";
import type { AuthFailureCode, AuthTrace, ModeName, TraceStep } from "./types";

// Steps are named by stable codes (lib/auth/codes.ts) and their details are codes with
// parameters: the server sends no prose, the one trace renderer puts it into words.
export { TRACE_STEP_IDS };

type Detail = Coded<TraceDetailCode>;
const detail = (code: TraceDetailCode, params?: Detail["params"]): Detail => (params ? { code, params } : { code });

export { detail };

/**
 * The first step of every check, in both modes: read this mode's credential cookie. No
 * cookie is a stranger (HTTP remembers nothing); the size is what the browser sent.
 */
export function startCheck(mode: ModeName, cookieName: string, value: string | undefined): TraceRecorder {
  const trace = new TraceRecorder(mode);
  trace.cookie = cookieName;
  if (value) trace.note("read_cookie", true, detail("cookie_present", { cookie: cookieName, bytes: cookieSize(cookieName, value) }));
  else trace.note("read_cookie", false, detail("cookie_missing", { cookie: cookieName }));
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
  run<T>(id: TraceStepId, fn: () => T, summarize?: (result: T) => Detail, queries = 0): T {
    const t0 = performance.now();
    const result = fn();
    this.push({ id, ms: performance.now() - t0, ok: true, detail: summarize?.(result), dbQueries: queries });
    return result;
  }

  async runAsync<T>(id: TraceStepId, fn: () => Promise<T>, summarize?: (result: T) => Detail, queries = 0): Promise<T> {
    const t0 = performance.now();
    const result = await fn();
    this.push({ id, ms: performance.now() - t0, ok: true, detail: summarize?.(result), dbQueries: queries });
    return result;
  }

  /** A step timed by the caller (work that is not one function call). */
  record(id: TraceStepId, ms: number, found: Detail, queries = 0): void {
    this.push({ id, ms, ok: true, detail: found, dbQueries: queries });
  }

  /** A check that took no measurable work (a comparison), or a failure to record. */
  note(id: TraceStepId, ok: boolean, found?: Detail): void {
    this.push({ id, ms: 0, ok, detail: found });
  }

  /** Marks the last recorded step as failed (the step ran, its result was rejected). */
  failLast(found?: Detail): void {
    const last = this.steps.at(-1);
    if (!last) return;
    last.ok = false;
    if (found) last.detail = found;
  }

  private push(step: TraceStep): void {
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
