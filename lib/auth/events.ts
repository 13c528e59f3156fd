import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { authEvents } from "@/db/schema";
import { now } from "@/lib/clock";
import type { RequestMeta } from "./context";
import type { ModeName } from "./types";

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
  | "denylisted"
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

export interface AuthEventView {
  id: number;
  at: number;
  /** The last of `count` repeats (count 1: same as `at`). */
  lastAt: number;
  count: number;
  type: string;
  mode: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

export function logAuthEvent(e: {
  type: AuthEventType;
  userId?: string | null;
  mode?: ModeName | null;
  meta?: RequestMeta;
  detail?: Record<string, string | number | boolean | null>;
}): void {
  const at = now(); // real time: audit rows never read a client-supplied clock
  const db = getDb();
  if (AGGREGATED.has(e.type)) {
    const same = (col: typeof authEvents.userId | typeof authEvents.ip | typeof authEvents.mode, v: string | null | undefined) =>
      v == null ? isNull(col) : eq(col, v);
    const repeated = db
      .update(authEvents)
      .set({ repeatCount: sql`${authEvents.repeatCount} + 1`, lastAt: at })
      .where(
        eq(
          authEvents.id,
          sql`(SELECT ${authEvents.id} FROM ${authEvents} WHERE ${and(
            eq(authEvents.type, e.type),
            // A row aggregates at most a day (so the index on (type, at) bounds the search),
            // and keeps growing while the repeats come less than a window apart.
            gt(authEvents.at, at - 86_400_000),
            gt(sql`coalesce(${authEvents.lastAt}, ${authEvents.at})`, at - REPEAT_WINDOW_MS),
            same(authEvents.userId, e.userId),
            same(authEvents.ip, e.meta?.ip),
            same(authEvents.mode, e.mode),
          )} ORDER BY ${authEvents.id} DESC LIMIT 1)`,
        ),
      )
      .run();
    if (repeated.changes > 0) return;
  }
  db.insert(authEvents)
    .values({
      at,
      type: e.type,
      userId: e.userId ?? null,
      mode: e.mode ?? null,
      ip: e.meta?.ip ?? null,
      userAgent: e.meta?.userAgent ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .run();
}

export function listUserEvents(userId: string, limit = 50): AuthEventView[] {
  return getDb()
    .select()
    .from(authEvents)
    .where(eq(authEvents.userId, userId))
    .orderBy(desc(authEvents.id))
    .limit(limit)
    .all()
    .map((r) => ({
      id: r.id,
      at: r.at,
      lastAt: r.lastAt ?? r.at,
      count: r.repeatCount,
      type: r.type,
      mode: r.mode,
      ip: r.ip,
      userAgent: r.userAgent,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
}
