import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { logAuthEvent } from "./events";
import { type Authed, loginRefOf } from "./guards";
import { revokeAllLogins, revokeLogin } from "./logins";
import { modes, signOutEverywhereInBrowser } from "./modes";
import { verifyPassword } from "./password";
import { checkPasswordAttempt, clearPasswordFailures, recordPasswordFailure } from "./password-attempts";
import type { ConcurrentLoginPolicy } from "./types";
import { getPasswordHash, getUserProfile, setPassword, toUserDTO } from "./users";

// Account settings that change who may stay logged in. Both are sensitive changes, so
// both ask for the current password again (OWASP: re-authenticate), throttled like a
// login so they are no password oracle, and reachable only from a live login (the route
// calls requireLiveLogin).

/** The current password, checked under the same throttle as a login; 400 wrong_password. */
async function reauthenticate(auth: Authed, currentPassword: string, ctx: AuthContext): Promise<void> {
  checkPasswordAttempt(auth.user.id, ctx);
  const hash = getPasswordHash(auth.user.id);
  if (!hash || !(await verifyPassword(currentPassword, hash))) {
    recordPasswordFailure(auth.user.id, ctx);
    logAuthEvent({ type: "reauth_failed", userId: auth.user.id, mode: auth.mode, meta: ctx });
    throw new ApiError(400, "wrong_password", "The current password is not right.");
  }
  clearPasswordFailures(auth.user.id, ctx);
}

export async function setConcurrentLoginPolicy(
  auth: Authed,
  policy: ConcurrentLoginPolicy,
  currentPassword: string,
  ctx: AuthContext,
): Promise<void> {
  await reauthenticate(auth, currentPassword, ctx);
  getDb().update(users).set({ concurrentLogins: policy }).where(eq(users.id, auth.user.id)).run();
  logAuthEvent({ type: "policy_changed", userId: auth.user.id, meta: ctx, detail: { concurrentLogins: policy } });
}

/**
 * A new password ends every other login of the user, in both modes, and renews this
 * browser's credentials (OWASP: a new session after a privilege change), so a copy of the
 * old cookie taken before the change is as dead as the other logins.
 */
export async function changePassword(auth: Authed, currentPassword: string, newPassword: string, ctx: AuthContext): Promise<number> {
  await reauthenticate(auth, currentPassword, ctx);
  await setPassword(auth.user.id, newPassword);
  const at = ctx.now();
  const current = loginRefOf(auth);
  const keep = current.mode === "session" ? { sessionId: current.sessionId } : { familyId: current.familyId };
  const ended = revokeAllLogins(auth.user.id, { reason: "password_changed", event: "session_revoked", meta: ctx }, at, keep);
  // This browser's own login ends too, quietly, and a fresh one takes its place.
  revokeLogin(auth.user.id, current, { reason: "password_changed", event: "credentials_renewed", meta: ctx }, at);
  await signOutEverywhereInBrowser(ctx, "password_changed");
  const profile = getUserProfile(auth.user.id);
  if (!profile) throw new ApiError(401, "user_not_found", "Your account no longer exists.");
  await modes[auth.mode].signIn(toUserDTO(profile), ctx);
  logAuthEvent({ type: "password_changed", userId: auth.user.id, mode: auth.mode, meta: ctx, detail: { endedLogins: ended } });
  return ended;
}
