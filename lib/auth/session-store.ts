import "server-only";
import type { Statement } from "better-sqlite3";
import { and, desc, eq, getTableColumns, getTableName, gt, isNull, ne } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
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

// The hot path: it runs on every authenticated request. Building the SQL and preparing
// it each time cost ~10× running it, and drizzle's generic row mapping a third of what
// was left (bench/, docs/performance.md), so this one query is a plain prepared
// statement, prepared once per connection (a new connection, as each unit test opens,
// gets its own), whose column list and value mapping still come from the schema.
const sessionColumns = Object.entries(getTableColumns(sessions));
const SESSION_LOOKUP_SQL =
  `SELECT ${sessionColumns.map(([key, col]) => `s."${col.name}" AS "${key}"`).join(", ")}, ` +
  `u."${users.id.name}" AS "_uid", u."${users.username.name}" AS "_uname", u."${users.role.name}" AS "_urole" ` +
  `FROM "${getTableName(sessions)}" s JOIN "${getTableName(users)}" u ON u."${users.id.name}" = s."${sessions.userId.name}" ` +
  `WHERE s."${sessions.tokenHash.name}" = ?`;
const sessionLookups = new WeakMap<Db, Statement<[string], Record<string, unknown>>>();

/** One indexed query: the session and its user, found by the token's hash. */
export function findSessionByTokenHash(tokenHash: string): { session: SessionRow; user: UserDTO } | undefined {
  const db = getDb();
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = db.$client.prepare<[string], Record<string, unknown>>(SESSION_LOOKUP_SQL);
    sessionLookups.set(db, lookup);
  }
  const row = lookup.get(tokenHash);
  if (!row) return undefined;
  const session: Record<string, unknown> = {};
  for (const [key, col] of sessionColumns) session[key] = row[key] === null ? null : col.mapFromDriverValue(row[key]);
  return {
    session: session as SessionRow,
    user: { id: row._uid as string, username: row._uname as string, role: row._urole as UserDTO["role"] },
  };
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
