import "server-only";
import { type AuthEventRow, store } from "@/db/store";
import { now } from "@/lib/clock";
import type { RequestMeta } from "./context";
import type { AuthEventView, ModeName } from "./types";

// Append-only log of what happened to logins. `detail` is small and never holds a
// token, password or secret: only ids, reasons and counts.

export type AuthEventType =
  | "signup"
  | "login"
  | "login_failed"
  | "logout"
  | "refresh"
  | "refresh_grace"
  | "refresh_failed"
  | "reuse_detected"
  | "mode_switched"
  | "rate_limited"
  | "session_revoked"
  | "forced_logout"
  | "evicted"
  | "login_rejected"
  | "password_changed"
  | "revoked_token_used"
  | "policy_changed"
  | "admin_forced_logout"
  | "reauth_failed"
  | "credentials_renewed";

/**
 * Cheap to cause, anonymous or not: a flood of these must not push the owner's real
 * events out of view, so repeats of one (same type, user, client, mode) within
 * REPEAT_WINDOW_MS update one row (repeat_count, last_at) instead of adding rows.
 */
const AGGREGATED: ReadonlySet<AuthEventType> = new Set([
  "login_failed",
  "rate_limited",
  "refresh_failed",
  "reauth_failed",
  "login_rejected",
]);
export const REPEAT_WINDOW_MS = 60_000;

/** How long events are kept (the purge enforces it): failures a week, the rest 30 days. */
export const EVENT_RETENTION_MS = 30 * 86_400_000;
export const FAILURE_EVENT_RETENTION_MS = 7 * 86_400_000;
export const FAILURE_EVENT_TYPES: readonly AuthEventType[] = [...AGGREGATED];

/** Writes one event (real time: audit rows never read a client-supplied clock). */
export async function logAuthEvent(e: {
  type: AuthEventType;
  userId?: string | null;
  mode?: ModeName | null;
  meta?: RequestMeta;
  detail?: Record<string, string | number | boolean | null>;
}): Promise<void> {
  await store().events.append(
    {
      at: now(),
      type: e.type,
      userId: e.userId ?? null,
      mode: e.mode ?? null,
      ip: e.meta?.ip ?? null,
      userAgent: e.meta?.userAgent ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    },
    AGGREGATED.has(e.type) ? REPEAT_WINDOW_MS : undefined,
  );
}

export function toEventView(r: AuthEventRow): AuthEventView {
  return {
    id: r.id,
    at: r.at,
    lastAt: r.lastAt ?? r.at,
    count: r.repeatCount,
    type: r.type,
    mode: r.mode,
    ip: r.ip,
    userAgent: r.userAgent,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  };
}

export async function listUserEvents(userId: string, limit = 50): Promise<AuthEventView[]> {
  return (await store().events.listByUser(userId, limit)).map(toEventView);
}
