import "server-only";
import { type SessionRow, store } from "@/db/store";
import { env } from "@/lib/env";
import type { RequestMeta } from "../context";
import { generateToken, hashToken, newId } from "../tokens";
import type { SessionRowState } from "../types";

// Server-side sessions: the row is keyed by sha256(token); the token itself exists only
// inside the sealed cookie. This module mints the token and hands the data layer its hash.

/**
 * last_seen is written at most this often per session, so reads don't become writes;
 * with a short idle timeout, often enough that activity still keeps the session alive.
 */
export function touchIntervalMs(): number {
  return Math.min(60_000, (env().SESSION_IDLE_TTL * 1000) / 4);
}

export async function createSession(userId: string, meta: RequestMeta, at: number): Promise<{ token: string; row: SessionRow }> {
  const { SESSION_IDLE_TTL, SESSION_ABSOLUTE_TTL } = env();
  const token = generateToken();
  const row: SessionRow = {
    id: newId(),
    tokenHash: hashToken(token),
    userId,
    createdAt: at,
    lastSeenAt: at,
    idleExpiresAt: at + SESSION_IDLE_TTL * 1000,
    absoluteExpiresAt: at + SESSION_ABSOLUTE_TTL * 1000,
    userAgent: meta.userAgent,
    ip: meta.ip,
    revokedAt: null,
    revokedReason: null,
  };
  await store().sessions.insert(row);
  return { token, row };
}

export type SessionState = SessionRowState;

export function sessionState(s: SessionRow, at: number): SessionState {
  if (s.revokedAt !== null) return "revoked";
  if (at >= s.absoluteExpiresAt) return "expired";
  if (at >= s.idleExpiresAt) return "idle_expired";
  return "active";
}

/** Slides the idle expiry. Returns whether a write happened (it is throttled). */
export async function touchSession(s: SessionRow, at: number): Promise<boolean> {
  if (at - s.lastSeenAt < touchIntervalMs()) return false;
  const idleExpiresAt = Math.min(at + env().SESSION_IDLE_TTL * 1000, s.absoluteExpiresAt);
  await store().sessions.touch(s.id, at, idleExpiresAt);
  s.lastSeenAt = at;
  s.idleExpiresAt = idleExpiresAt;
  return true;
}
