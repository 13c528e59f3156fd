import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { CREDENTIAL_COOKIES } from "./auth/cookies";
import type { AuthTrace, RequestTraceHeader } from "./auth/types";

// The request inspector's server half. HttpOnly cookies are invisible to page scripts, so
// the server says what it saw: route() opens a store per API request, the one place
// that authenticates (authenticateRequest) drops its trace in it, and route() sends it
// back as the X-AuthLab-Trace header. The trace is the very object GET /api/me returns;
// nothing is computed twice.
//
// Only when the client asks (X-AuthLab-Want-Trace: 1: the inspector while it records, the
// labs): every other request skips the per-request store and the header's serialisation.

export const TRACE_HEADER = "X-AuthLab-Trace";
export const WANT_TRACE_HEADER = "X-AuthLab-Want-Trace";

/** Did the client ask for the trace header? */
export function wantsTrace(req: Request): boolean {
  return req.headers.get(WANT_TRACE_HEADER) === "1";
}

/** Credential cookies only: names and sizes are reported, never a value. */
const CREDENTIAL_COOKIE_NAMES = new Set(CREDENTIAL_COOKIES.map((c) => c.name));

interface TraceStore {
  trace: AuthTrace | null;
}

const storage = new AsyncLocalStorage<TraceStore>();

export function withRequestTrace<T>(fn: () => Promise<T>): { store: TraceStore; result: Promise<T> } {
  const store: TraceStore = { trace: null };
  return { store, result: storage.run(store, fn) };
}

/** Called by authenticateRequest: the latest authentication of this request wins. */
export function recordTrace(trace: AuthTrace): void {
  const store = storage.getStore();
  if (store) store.trace = trace;
}

/** Names and sizes (bytes of "name=value") of the credential cookies a Cookie header carried. */
export function credentialCookiesOf(cookieHeader: string | null): Array<{ name: string; size: number }> {
  if (!cookieHeader) return [];
  const out: Array<{ name: string; size: number }> = [];
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!CREDENTIAL_COOKIE_NAMES.has(name)) continue;
    out.push({ name, size: Buffer.byteLength(`${name}=${part.slice(eq + 1).trim()}`) });
  }
  return out;
}

export function encodeTraceHeader(value: RequestTraceHeader): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Adds the header to a response; a response with immutable headers is left as it is. */
export function attachTraceHeader(res: Response, req: Request, store: TraceStore): Response {
  const value: RequestTraceHeader = {
    mode: store.trace?.mode ?? null,
    cookies: credentialCookiesOf(req.headers.get("cookie")),
    trace: store.trace,
  };
  try {
    res.headers.set(TRACE_HEADER, encodeTraceHeader(value));
  } catch {
    // Response.redirect() and friends have immutable headers: nothing to report there.
  }
  return res;
}
