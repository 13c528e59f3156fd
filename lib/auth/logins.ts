import "server-only";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { refreshTokens, sessions } from "@/db/schema";
import type { RequestMeta } from "./context";
import { denyFamilies, denylistEnabled, familyExposureEnd } from "./denylist";
import { type AuthEventType, logAuthEvent } from "./events";
import { noteFamilyRevoked } from "./exposure";
import { revokeRefreshFamily } from "./refresh-store";
import { revokeSession } from "./session-store";
import { isId } from "./tokens";
import type { ModeName } from "./types";

// Every active login of a user, in both modes, and the one way to end one. A session
// login is a `sessions` row; a JWT login is a refresh-token family. Ending a session is
// final at once; ending a JWT login revokes its family, denylists it (read only when
// JWT_DENYLIST=on) and opens an exposure window until its last access token expires.

export interface LoginItem {
  id: string; // opaque: "s_<session id>" or "j_<family id>"
  mode: ModeName;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export type LoginRef = { mode: "session"; sessionId: string } | { mode: "jwt"; familyId: string };

export function loginIdOf(ref: LoginRef): string {
  return ref.mode === "session" ? `s_${ref.sessionId}` : `j_${ref.familyId}`;
}

/** null = not an id this server could have issued (400, not 404). */
export function parseLoginId(id: string): LoginRef | null {
  const m = /^([sj])_(.+)$/.exec(id);
  if (!m?.[2] || !isId(m[2])) return null;
  return m[1] === "s" ? { mode: "session", sessionId: m[2] } : { mode: "jwt", familyId: m[2] };
}

export interface BrowserLogin {
  sessionId?: string;
  familyId?: string;
}

export function listActiveLogins(userId: string, at: number, browser: BrowserLogin = {}): LoginItem[] {
  const db = getDb();
  const sessionItems: LoginItem[] = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.absoluteExpiresAt, at), gt(sessions.idleExpiresAt, at)))
    .all()
    .map((s) => ({
      id: loginIdOf({ mode: "session", sessionId: s.id }),
      mode: "session",
      current: s.id === browser.sessionId,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: Math.min(s.idleExpiresAt, s.absoluteExpiresAt),
    }));

  // A family is live while its newest token is unused, unrevoked and unexpired.
  const heads = db
    .select()
    .from(refreshTokens)
    .where(
      and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, at)),
    )
    .all();
  const families = heads.map((h) => h.familyId);
  const all = families.length ? db.select().from(refreshTokens).where(inArray(refreshTokens.familyId, families)).all() : [];
  const jwtItems: LoginItem[] = heads.map((h) => {
    const rows = all.filter((r) => r.familyId === h.familyId);
    const first = rows.reduce((a, b) => (b.issuedAt < a.issuedAt ? b : a), h);
    return {
      id: loginIdOf({ mode: "jwt", familyId: h.familyId }),
      mode: "jwt",
      current: h.familyId === browser.familyId,
      userAgent: first.userAgent,
      ip: h.ip,
      createdAt: first.issuedAt,
      lastSeenAt: Math.max(...rows.map((r) => Math.max(r.issuedAt, r.usedAt ?? 0))),
      expiresAt: h.expiresAt,
    };
  });
  return [...sessionItems, ...jwtItems].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
}

/** Does this login belong to this user (and still exist)? Another user's id is "not found". */
export function loginBelongsTo(userId: string, ref: LoginRef): boolean {
  const db = getDb();
  if (ref.mode === "session") {
    return (
      db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.id, ref.sessionId), eq(sessions.userId, userId)))
        .get() !== undefined
    );
  }
  return (
    db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.familyId, ref.familyId), eq(refreshTokens.userId, userId)))
      .limit(1)
      .get() !== undefined
  );
}

/**
 * Is this login still live on the server: its session row not ended, or its refresh
 * family still holding a usable head? This is the question a signature cannot answer:
 * an access token whose login was ended still verifies until `exp`.
 */
export function isLoginLive(userId: string, ref: LoginRef, at: number): boolean {
  const db = getDb();
  if (ref.mode === "session") {
    return (
      db
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          and(
            eq(sessions.id, ref.sessionId),
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            gt(sessions.idleExpiresAt, at),
            gt(sessions.absoluteExpiresAt, at),
          ),
        )
        .get() !== undefined
    );
  }
  return (
    db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(
        and(
          eq(refreshTokens.familyId, ref.familyId),
          eq(refreshTokens.userId, userId),
          isNull(refreshTokens.revokedAt),
          isNull(refreshTokens.usedAt),
          gt(refreshTokens.expiresAt, at),
        ),
      )
      .limit(1)
      .get() !== undefined
  );
}

export interface RevokeOptions {
  reason: string; // stored on the rows
  event: AuthEventType; // logged once per login ended
  meta?: RequestMeta;
  by?: string | null; // the admin, when it was not the user
}

/** Ends one login. Returns false when there was nothing live to end. */
export function revokeLogin(userId: string, ref: LoginRef, opts: RevokeOptions, at: number): boolean {
  if (ref.mode === "session") {
    const ended = revokeSession(ref.sessionId, opts.reason, at);
    if (ended) {
      logAuthEvent({
        type: opts.event,
        userId,
        mode: "session",
        meta: opts.meta,
        detail: { sessionId: ref.sessionId, reason: opts.reason, by: opts.by ?? null },
      });
    }
    return ended;
  }
  const exposureEnd = familyExposureEnd(ref.familyId) ?? at;
  const ended = revokeRefreshFamily(ref.familyId, opts.reason, at) > 0;
  if (ended) {
    denyFamilies(userId, [ref.familyId], opts.reason, at);
    if (exposureEnd > at) noteFamilyRevoked(ref.familyId, userId, at, exposureEnd);
    logAuthEvent({
      type: opts.event,
      userId,
      mode: "jwt",
      meta: opts.meta,
      detail: {
        familyId: ref.familyId,
        reason: opts.reason,
        by: opts.by ?? null,
        exposureEnd: Math.max(exposureEnd, at),
        exposureSeconds: Math.max(0, Math.round((exposureEnd - at) / 1000)),
        denylist: denylistEnabled() ? "on" : "off",
      },
    });
  }
  return ended;
}

/** Ends every live login of the user except `keep` (this browser's, when given). */
export function revokeAllLogins(userId: string, opts: RevokeOptions, at: number, keep: BrowserLogin = {}): number {
  let count = 0;
  for (const item of listActiveLogins(userId, at)) {
    const ref = parseLoginId(item.id);
    if (!ref) continue;
    if (ref.mode === "session" && ref.sessionId === keep.sessionId) continue;
    if (ref.mode === "jwt" && ref.familyId === keep.familyId) continue;
    if (revokeLogin(userId, ref, opts, at)) count++;
  }
  return count;
}

export function ownerOfLogin(ref: LoginRef): string | undefined {
  const db = getDb();
  if (ref.mode === "session") {
    return db.select({ u: sessions.userId }).from(sessions).where(eq(sessions.id, ref.sessionId)).get()?.u;
  }
  return db.select({ u: refreshTokens.userId }).from(refreshTokens).where(eq(refreshTokens.familyId, ref.familyId)).limit(1).get()?.u;
}
