import "server-only";
import { store } from "@/db/store";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { endLogin, endLoginsOf } from "./end-login";
import { logAuthEvent } from "./events";
import type { Authed } from "./guards";
import type { HashTicket } from "./hash-pool";
import { modes, signOutEverywhereInBrowser } from "./modes";
import { admitPasswordWork, verifyPassword } from "./password";
import { checkPasswordAttempt, clearPasswordFailures, recordPasswordFailure } from "./password-attempts";
import type { ConcurrentLoginPolicy } from "./types";
import { setPassword, toUserDTO } from "./users";

// Account settings that change who may stay logged in. Both are sensitive changes, so
// both ask for the current password again (OWASP: re-authenticate), throttled like a
// login so they are no password oracle, and reachable only from a live login (the route
// calls requireLiveLogin).

/** Password work for one request: a place in the hashing queue first (or 503 busy), given back after. */
async function withPasswordWork<T>(work: (ticket: HashTicket) => Promise<T>): Promise<T> {
  const ticket = admitPasswordWork();
  try {
    return await work(ticket);
  } finally {
    ticket.release();
  }
}

/** The current password, checked under the same throttle as a login; 400 wrong_password. */
async function reauthenticate(auth: Authed, currentPassword: string, ctx: AuthContext, ticket: HashTicket): Promise<void> {
  await checkPasswordAttempt(auth.user.id, ctx);
  const hash = await store().users.passwordHash(auth.user.id);
  if (!hash || !(await verifyPassword(currentPassword, hash, ticket))) {
    await recordPasswordFailure(auth.user.id, ctx);
    await logAuthEvent({ type: "reauth_failed", userId: auth.user.id, mode: auth.mode, meta: ctx });
    throw new ApiError(400, "wrong_password", "The current password is not right.");
  }
  await clearPasswordFailures(auth.user.id, ctx);
}

export async function setConcurrentLoginPolicy(
  auth: Authed,
  policy: ConcurrentLoginPolicy,
  currentPassword: string,
  ctx: AuthContext,
): Promise<void> {
  await withPasswordWork((ticket) => reauthenticate(auth, currentPassword, ctx, ticket));
  await store().users.update(auth.user.id, { concurrentLogins: policy });
  await logAuthEvent({ type: "policy_changed", userId: auth.user.id, meta: ctx, detail: { concurrentLogins: policy } });
}

/**
 * A new password ends every other login of the user, in both modes, and renews this
 * browser's credentials (OWASP: a new session after a privilege change), so a copy of the
 * old cookie taken before the change is as dead as the other logins.
 */
export async function changePassword(auth: Authed, currentPassword: string, newPassword: string, ctx: AuthContext): Promise<number> {
  await withPasswordWork(async (ticket) => {
    await reauthenticate(auth, currentPassword, ctx, ticket);
    await setPassword(auth.user.id, newPassword, ticket);
  });
  const ended = await endLoginsOf(auth.user.id, "password_changed", { meta: ctx, keep: auth.login });
  // This browser's own login ends too, quietly, and a fresh one takes its place.
  await endLogin(auth.login, "password_changed", { meta: ctx, event: "credentials_renewed" });
  await signOutEverywhereInBrowser(ctx, "password_changed");
  const profile = await store().users.byId(auth.user.id);
  if (!profile) throw new ApiError(401, "user_not_found", "Your account no longer exists.");
  await modes[auth.mode].signIn(toUserDTO(profile), ctx);
  await logAuthEvent({ type: "password_changed", userId: auth.user.id, mode: auth.mode, meta: ctx, detail: { endedLogins: ended } });
  return ended;
}
