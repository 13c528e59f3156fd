import "server-only";
import { store } from "@/db/store";
import { loginKey, sameLogin } from "./login-ref";
import type { LoginItem, LoginRef } from "./types";

// Every live login of a user, in both modes, and the questions about one login that only
// the server can answer. A session login is a `sessions` row; a JWT login is a refresh
// family, live while its newest token is unused, unrevoked and unexpired.

export interface LiveLogin extends Omit<LoginItem, "id" | "current"> {
  ref: LoginRef;
}

export async function liveLogins(userId: string, at: number): Promise<LiveLogin[]> {
  const db = store();
  const sessions: LiveLogin[] = (await db.sessions.listLive(userId, at)).map((s) => ({
    ref: { mode: "session", id: s.id },
    mode: "session",
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: Math.min(s.idleExpiresAt, s.absoluteExpiresAt),
  }));
  const jwts: LiveLogin[] = [];
  for (const head of await db.refreshTokens.liveHeads(userId, at)) {
    const rows = await db.refreshTokens.listFamily(head.familyId);
    const first = rows[0] ?? head;
    jwts.push({
      ref: { mode: "jwt", id: head.familyId },
      mode: "jwt",
      userAgent: first.userAgent,
      ip: head.ip,
      createdAt: first.issuedAt,
      lastSeenAt: Math.max(...rows.map((r) => Math.max(r.issuedAt, r.usedAt ?? 0))),
      expiresAt: head.expiresAt,
    });
  }
  return [...sessions, ...jwts].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
}

/** The user's live logins as the API sends them; `current` marks the asking browser's. */
export async function listActiveLogins(userId: string, at: number, current: LoginRef | null = null): Promise<LoginItem[]> {
  return (await liveLogins(userId, at)).map(({ ref, ...rest }) => ({ id: loginKey(ref), current: sameLogin(ref, current), ...rest }));
}

/** Whose login is it? undefined: no such login (or never issued). */
export async function ownerOfLogin(ref: LoginRef): Promise<string | undefined> {
  return ref.mode === "session" ? (await store().sessions.byId(ref.id))?.userId : store().refreshTokens.familyOwner(ref.id);
}

/**
 * Is this login still live on the server: its session row not ended, or its refresh
 * family still holding a usable head? The question a signature cannot answer: an access
 * token whose login was ended still verifies until `exp`.
 */
export async function isLoginLive(userId: string, ref: LoginRef, at: number): Promise<boolean> {
  if (ref.mode === "session") {
    const s = await store().sessions.byId(ref.id);
    return !!s && s.userId === userId && s.revokedAt === null && at < s.idleExpiresAt && at < s.absoluteExpiresAt;
  }
  return (await store().refreshTokens.familyOwner(ref.id)) === userId && (await store().refreshTokens.familyLive(ref.id, at));
}
