// Browser-side fetch wrapper for the JSON API. JWT mode's access cookie can expire
// while its refresh cookie is still valid; rather than bounce the user to the login
// page, a 401 that says so triggers one refresh and one retry of the request.
import type { ApiErrorBody } from "../auth/types";

export interface ApiError {
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
      error: ApiError;
      headers: Headers | null;
      refreshed: boolean;
    };

export interface ApiInit {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown; // serialised as JSON
  signal?: AbortSignal;
}

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
export function refreshCredentials(): Promise<ApiResult> {
  refreshInFlight ??= send(REFRESH_PATH, { method: "POST" }).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

export async function apiFetch<T = unknown>(path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const first = await send<T>(path, init);
  if (first.ok || first.status !== 401 || NEVER_RETRIED.has(path) || !REFRESHABLE_CODES.has(first.error.code)) {
    return first;
  }
  const refresh = await refreshCredentials();
  if (refresh.status !== 200) return first;
  const retried = await send<T>(path, init);
  return { ...retried, refreshed: true };
}

async function send<T>(path: string, init: ApiInit): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: init.signal,
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, status: 0, body: null, error: { code: "network_error", message }, headers: null, refreshed: false };
  }
  const body = await readBody(response);
  if (response.ok) return { ok: true, status: response.status, body: body as T, headers: response.headers, refreshed: false };
  return { ok: false, status: response.status, body, error: errorOf(body, response), headers: response.headers, refreshed: false };
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

function errorOf(body: unknown, response: Response): ApiError {
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
