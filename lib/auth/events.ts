import "server-only";
import { desc, eq } from "drizzle-orm";
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

export interface AuthEventView {
  id: number;
  at: number;
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
  getDb()
    .insert(authEvents)
    .values({
      at: now(),
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
      type: r.type,
      mode: r.mode,
      ip: r.ip,
      userAgent: r.userAgent,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
}
