// Browser-side fetch wrapper for the JSON API. JWT mode's access cookie can expire
// while its refresh cookie is still valid; rather than bounce the user to the login
// page, a 401 that says so triggers one refresh and one retry of the request.
import type { ApiErrorBody, RequestTraceHeader } from "../auth/types";
import { learnFromResponse } from "./login-state";

export interface ApiFailure {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T = unknown> =
  | { ok: true; status: number; body: T; headers: Headers; refreshed: boolean }
  | {
      ok: false;
      status: number; // 0 when the server could not be reached
      body: unknown; // as the server sent it (may carry more than `error`, e.g. a trace)
      error: ApiFailure;
      headers: Headers | null;
      refreshed: boolean;
    };

export interface ApiInit {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown; // serialised as JSON
  signal?: AbortSignal;
  /** "omit" sends no cookies at all: how a stranger's request looks. */
  credentials?: "same-origin" | "omit";
  /** false: hand back a 401 token_expired as it is, without the transparent refresh (labs show it). */
  refresh?: false;
  /** Ask for the X-AuthLab-Trace header even when no inspector listens (a lab shows it). */
  trace?: true;
  /**
   * Sent by the page on its own (a poll), not by the person: the inspector hides it unless
   * asked, and the server counts a revocation gap's requests by who made them.
   */
  background?: true;
}

/** One request as the request inspector lists it (reported after every send). */
export interface ApiRequestRecord {
  id: number;
  method: string;
  path: string;
  status: number; // 0 when the server could not be reached
  ms: number;
  at: number; // epoch ms, this browser's clock
  credentials: "same-origin" | "omit";
  /** The server's X-AuthLab-Trace header, decoded: cookies it saw and how it authenticated. */
  server: RequestTraceHeader | null;
  errorCode: string | null;
  /** Which AuthLab instance answered (X-AuthLab-Instance); null when none did (a balancer's own error, no answer). */
  instance: string | null;
  /** Polling or an automatic refresh, not something the person did. */
  background: boolean;
}

type ApiRequestListener = (record: ApiRequestRecord) => void;
const listeners = new Set<ApiRequestListener>();
let nextRecordId = 1;

/** Subscribe to every request apiFetch sends (first try, refresh and retry alike). */
export function onApiRequest(listener: ApiRequestListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Reports requests made elsewhere (e.g. a lab's server-side "attacker") to the same listeners. */
export function reportApiRequest(record: Omit<ApiRequestRecord, "id">): void {
  const full = { ...record, id: nextRecordId++ };
  for (const listener of listeners) listener(full);
}

/** base64url JSON of the X-AuthLab-Trace header; null when absent or unreadable. */
export function decodeTraceHeader(value: string | null): RequestTraceHeader | null {
  if (!value) return null;
  try {
    const b64 = value.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as RequestTraceHeader;
    return parsed && Array.isArray(parsed.cookies) ? parsed : null;
  } catch {
    return null;
  }
}

/** Every answer names the instance that gave it (lib/serve.mjs, docs/decisions/040). */
export const INSTANCE_HEADER = "x-authlab-instance";

export const REFRESH_PATH = "/api/auth/refresh";

/** Failures that a fresh access token can fix. */
const REFRESHABLE_CODES = new Set(["token_expired", "no_credentials"]);
/** Endpoints whose 401 means something else (or which would loop). */
const NEVER_RETRIED = new Set([REFRESH_PATH, "/api/auth/login", "/api/auth/signup", "/api/auth/logout"]);

let refreshInFlight: Promise<ApiResult> | null = null;

/**
 * POST /api/auth/refresh, shared by every caller that needs it at the same moment:
 * a rotated refresh token used twice would look like reuse to the server.
 */
export function refreshCredentials(opts: { background?: true } = {}): Promise<ApiResult> {
  refreshInFlight ??= send(REFRESH_PATH, { method: "POST", ...opts }).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

export async function apiFetch<T = unknown>(path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const first = await send<T>(path, init);
  if (first.ok || first.status !== 401 || init.refresh === false || NEVER_RETRIED.has(path) || !REFRESHABLE_CODES.has(first.error.code)) {
    return first;
  }
  // The page refreshes on its own here: a background request, whoever asked for the first.
  const refresh = await refreshCredentials({ background: true });
  if (refresh.status !== 200) return first;
  const retried = await send<T>(path, init);
  return { ...retried, refreshed: true };
}

async function send<T>(path: string, init: ApiInit): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  // The server sends what it saw only to a client that will show it (the inspector, a lab).
  if (listeners.size > 0 || init.trace) headers["x-authlab-want-trace"] = "1";
  if (init.background) headers["x-authlab-background"] = "1";
  const method = init.method ?? "GET";
  const credentials = init.credentials ?? "same-origin";
  const startedAt = Date.now();
  const t0 = performance.now();
  const report = (status: number, server: RequestTraceHeader | null, errorCode: string | null, instance: string | null = null) => {
    if (listeners.size > 0)
      reportApiRequest({
        method,
        path,
        status,
        ms: performance.now() - t0,
        at: startedAt,
        credentials,
        server,
        errorCode,
        instance,
        background: init.background === true,
      });
  };
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials,
      cache: "no-store",
      signal: init.signal,
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    report(0, null, "network_error");
    return { ok: false, status: 0, body: null, error: { code: "network_error", message }, headers: null, refreshed: false };
  }
  const body = await readBody(response);
  learnFromResponse(path, response.status, body, credentials); // the header follows the login (lib/client/login-state.ts)
  const server = decodeTraceHeader(response.headers.get("x-authlab-trace"));
  const instance = response.headers.get(INSTANCE_HEADER);
  if (response.ok) {
    report(response.status, server, null, instance);
    return { ok: true, status: response.status, body: body as T, headers: response.headers, refreshed: false };
  }
  const error = errorOf(body, response);
  report(response.status, server, error.code, instance);
  return { ok: false, status: response.status, body, error, headers: response.headers, refreshed: false };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorOf(body: unknown, response: Response): ApiFailure {
  const error = (body as Partial<ApiErrorBody> | null)?.error;
  if (error && typeof error.code === "string") {
    return { code: error.code, message: typeof error.message === "string" ? error.message : error.code, details: error.details };
  }
  return { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` };
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or null. */
export function retryAfterSeconds(headers: Headers | null, now = Date.now()): number | null {
  const raw = headers?.get("retry-after");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
