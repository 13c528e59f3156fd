import "server-only";
import { store } from "@/db/store";
import { now } from "@/lib/clock";
import type { RequestMeta } from "./context";
import type { EndReason } from "./contract";
import { type AuthEventType, logAuthEvent } from "./events";
import { denyFamily, denylistEnabled, familyExposureEnd } from "./jwt/denylist";
import { noteFamilyRevoked } from "./jwt/exposure";
import { liveLogins } from "./login-list";
import { sameLogin } from "./login-ref";
import type { LoginRef } from "./types";

// The one way a login ends, whatever the reason: sign-out, reuse detection, admin
// force-logout, password change, policy eviction, mode switch, a lab. It is the only
// writer of revocation state (the rows' revoked_at, the denylist, the exposure record).
//
// A session ends at once: the next request finds its row revoked. A JWT login ends by
// revoking its refresh family and denylisting it (read only when JWT_DENYLIST=on); its
// access token keeps verifying until `exp`, which is recorded as an exposure window so the
// product can show that gap. Always real time.

/** Which event a reason is logged as (the event log's vocabulary predates the reasons). */
const EVENT_FOR: Record<EndReason, AuthEventType> = {
  logout: "logout",
  replaced_by_login: "logout",
  mode_switched: "logout",
  revoked_by_user: "session_revoked",
  forced_logout: "forced_logout",
  evicted: "evicted",
  ended_by_owner: "evicted",
  password_changed: "session_revoked",
  reuse_detected: "reuse_detected",
  lab_revoked: "session_revoked",
  lab_done: "session_revoked",
};

export interface EndOptions {
  meta?: RequestMeta;
  by?: string | null; // the admin, when it was not the user
  /** Logged instead of the reason's usual event (this browser's own login renewed). */
  event?: AuthEventType;
  /** Extra facts for the event (ids and counts only). */
  detail?: Record<string, string | number | null>;
  /** No event and no exposure record: a lab's own scaffolding login, not a user action. */
  quiet?: boolean;
}

/** Ends one login. Returns false when there was nothing live to end (already ended, unknown). */
export async function endLogin(ref: LoginRef, reason: EndReason, opts: EndOptions = {}): Promise<boolean> {
  const at = now();
  const db = store();
  if (ref.mode === "session") {
    const session = await db.sessions.byId(ref.id);
    if (!session || !(await db.sessions.revoke(ref.id, reason, at))) return false;
    if (opts.quiet) return true;
    await logAuthEvent({
      type: opts.event ?? EVENT_FOR[reason],
      userId: session.userId,
      mode: "session",
      meta: opts.meta,
      detail: { sessionId: ref.id, reason, by: opts.by ?? null, ...opts.detail },
    });
    return true;
  }
  const ended = await db.transaction(
    async (tx) => {
      const userId = await tx.refreshTokens.familyOwner(ref.id);
      if (!userId) return null;
      const exposureEnd = (await familyExposureEnd(ref.id, tx)) ?? at;
      const revoked = await tx.refreshTokens.revokeFamily(ref.id, reason, at);
      if (revoked === 0) return null;
      await denyFamily(userId, ref.id, reason, at, tx);
      return { userId, exposureEnd, revoked };
    },
    { locks: [loginLock(ref)] },
  );
  if (!ended) return false;
  if (opts.quiet) return true;
  const { userId, exposureEnd, revoked } = ended;
  if (exposureEnd > at) noteFamilyRevoked(ref.id, userId, at, exposureEnd);
  await logAuthEvent({
    type: opts.event ?? EVENT_FOR[reason],
    userId,
    mode: "jwt",
    meta: opts.meta,
    detail: {
      familyId: ref.id,
      revoked, // refresh tokens of the family still unrevoked (used ones included)
      reason,
      by: opts.by ?? null,
      exposureEnd: Math.max(exposureEnd, at),
      exposureSeconds: Math.max(0, Math.round((exposureEnd - at) / 1000)),
      denylist: denylistEnabled() ? "on" : "off",
      ...opts.detail,
    },
  });
  return true;
}

/** Ends every live login of the user except `keep` (this browser's, when given). Returns how many. */
export async function endLoginsOf(userId: string, reason: EndReason, opts: EndOptions & { keep?: LoginRef | null } = {}): Promise<number> {
  let count = 0;
  for (const item of await liveLogins(userId, now())) {
    if (sameLogin(item.ref, opts.keep)) continue;
    if (await endLogin(item.ref, reason, opts)) count++;
  }
  return count;
}

/**
 * The lock name a login's end and its family's rotations share, so that a rotation's new
 * child can never be written beside a revocation that does not see it (PostgreSQL's
 * UPDATE sees the rows that existed when it started). See docs/decisions/038.
 */
export function loginLock(ref: LoginRef): string {
  return `login:${ref.mode}:${ref.id}`;
}
