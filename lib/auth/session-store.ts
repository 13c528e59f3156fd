import "server-only";
import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type SessionRow, sessions, users } from "@/db/schema";
import { env } from "@/lib/env";
import type { RequestMeta } from "./context";
import { generateToken, hashToken, newId } from "./tokens";
import type { UserDTO } from "./types";

// Server-side sessions. The row is keyed by sha256(token); the token itself exists only
// inside the sealed cookie.

/**
 * last_seen is written at most this often per session, so reads don't become writes;
 * with a short idle timeout, often enough that activity still keeps the session alive.
 */
export function touchIntervalMs(): number {
  return Math.min(60_000, (env().SESSION_IDLE_TTL * 1000) / 4);
}

export function createSession(userId: string, meta: RequestMeta, at: number): { token: string; row: SessionRow } {
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
  getDb().insert(sessions).values(row).run();
  return { token, row };
}

/** One indexed query: the session and its user, found by the token's hash. */
export function findSessionByTokenHash(tokenHash: string): { session: SessionRow; user: UserDTO } | undefined {
  return getDb()
    .select({ session: sessions, user: { id: users.id, username: users.username, role: users.role } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .get();
}

export type SessionState = "active" | "revoked" | "idle_expired" | "expired";

export function sessionState(s: SessionRow, at: number): SessionState {
  if (s.revokedAt !== null) return "revoked";
  if (at >= s.absoluteExpiresAt) return "expired";
  if (at >= s.idleExpiresAt) return "idle_expired";
  return "active";
}

/** Slides the idle expiry. Returns whether a write happened (it is throttled). */
export function touchSession(s: SessionRow, at: number): boolean {
  if (at - s.lastSeenAt < touchIntervalMs()) return false;
  const idleExpiresAt = Math.min(at + env().SESSION_IDLE_TTL * 1000, s.absoluteExpiresAt);
  getDb().update(sessions).set({ lastSeenAt: at, idleExpiresAt }).where(eq(sessions.id, s.id)).run();
  s.lastSeenAt = at;
  s.idleExpiresAt = idleExpiresAt;
  return true;
}

export function revokeSession(id: string, reason: string, at: number): boolean {
  const r = getDb()
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .run();
  return r.changes > 0;
}

/** Ends every live session of a user, except `keepId` (the caller's own, when given). */
export function revokeUserSessions(userId: string, reason: string, at: number, keepId?: string): number {
  const conds = [eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.absoluteExpiresAt, at)];
  if (keepId) conds.push(ne(sessions.id, keepId));
  return getDb()
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(...conds))
    .run().changes;
}

/** The user's recent session rows, newest first: live ones and the last few ended ones. */
export function listUserSessions(userId: string, limit = 20): SessionRow[] {
  return getDb().select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAt)).limit(limit).all();
}

export function tokenHashOf(token: string): string {
  return hashToken(token);
}
