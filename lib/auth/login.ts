import "server-only";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { PREF_MODE_COOKIE } from "./cookies";
import { issueDeviceCookie } from "./device-cookie";
import { logAuthEvent } from "./events";
import { checkLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./login-throttle";
import { type LoginRef, listActiveLogins, parseLoginId, revokeAllLogins } from "./logins";
import { browserLogin, modes, signOutEverywhereInBrowser } from "./modes";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { ModeName, UserProfile } from "./types";
import { createUser, findUserByUsername, getPasswordHash, getUserProfile, setPreferredMode, toUserDTO, UsernameTakenError } from "./users";
import { normalizeUsername } from "./validation";

// Authentication happens here, once: a password is checked, credentials are issued in
// the chosen mode. Everything after this is authorization, on every request.

const ONE_YEAR = 365 * 86_400;

export async function signUp(username: string, password: string, ctx: AuthContext): Promise<UserProfile> {
  try {
    const user = await createUser(normalizeUsername(username), password);
    logAuthEvent({ type: "signup", userId: user.id, meta: ctx });
    return user;
  } catch (err) {
    if (err instanceof UsernameTakenError) throw new ApiError(409, "username_taken", "That username is taken. Choose another one.");
    throw err;
  }
}

export async function logIn(
  input: { username: string; password: string; mode?: ModeName; endOtherLogins?: boolean },
  ctx: AuthContext,
): Promise<{ user: UserProfile; mode: ModeName }> {
  const username = normalizeUsername(input.username);
  const at = ctx.now();
  try {
    checkLoginAllowed(username, ctx);
  } catch (err) {
    logAuthEvent({ type: "rate_limited", userId: findUserByUsername(username)?.id ?? null, meta: ctx });
    throw err;
  }

  const user = findUserByUsername(username);
  // Unknown user and wrong password take the same time and get the same answer.
  const hash = (user && getPasswordHash(user.id)) ?? (await dummyPasswordHash());
  const valid = await verifyPassword(input.password, hash);
  if (!user || !valid) {
    recordLoginFailure(username, ctx);
    logAuthEvent({ type: "login_failed", userId: user?.id ?? null, meta: ctx });
    throw new ApiError(401, "invalid_credentials", "Wrong username or password.");
  }
  const device = recordLoginSuccess(username, ctx);

  const mode = input.mode ?? user.preferredMode;
  // The policy is checked only after the password: a stranger learns nothing from it.
  // The owner's password always wins: under single-reject the answer names the way out
  // (end the other logins and log in here), which takes the password again.
  if (user.concurrentLogins === "single-reject" && !input.endOtherLogins) {
    const mine = await browserLogin(ctx);
    const isMine = (ref: LoginRef) =>
      (ref.mode === "session" && ref.sessionId === mine.sessionId) || (ref.mode === "jwt" && ref.familyId === mine.familyId);
    const others = listActiveLogins(user.id, at).filter((l) => {
      const ref = parseLoginId(l.id);
      return ref !== null && !isMine(ref);
    });
    if (others.length > 0) {
      logAuthEvent({ type: "login_rejected", userId: user.id, mode, meta: ctx, detail: { activeLogins: others.length } });
      throw new ApiError(
        409,
        "already_logged_in",
        "This account allows one login at a time and is logged in elsewhere. To end the other logins and log in here, send the password again with endOtherLogins: true.",
        { details: { activeLogins: others.length, wayOut: "end_other_logins" } },
      );
    }
  }
  // A new login gets fresh credentials: whatever this browser held before is revoked
  // first, so no old session or token can be fixed onto the new login.
  await signOutEverywhereInBrowser(ctx, "replaced_by_login");
  if (user.concurrentLogins === "single-evict") {
    revokeAllLogins(user.id, { reason: "evicted", event: "evicted", meta: ctx }, at);
  } else if (input.endOtherLogins) {
    revokeAllLogins(user.id, { reason: "ended_by_owner", event: "evicted", meta: ctx }, at);
  }
  await modes[mode].signIn(toUserDTO(user), ctx);
  // This browser is now a known device of the account: its own allowance from now on.
  issueDeviceCookie(username, ctx, device);
  if (mode !== user.preferredMode) setPreferredMode(user.id, mode);
  ctx.setCookie(PREF_MODE_COOKIE, mode, ONE_YEAR);
  logAuthEvent({ type: "login", userId: user.id, mode, meta: ctx });
  return { user: { ...user, preferredMode: mode }, mode };
}

export async function switchMode(userId: string, to: ModeName, ctx: AuthContext): Promise<{ user: UserProfile; mode: ModeName }> {
  const profile = getUserProfile(userId);
  if (!profile) throw new ApiError(401, "user_not_found", "Your account no longer exists.");
  await signOutEverywhereInBrowser(ctx, "mode_switched");
  await modes[to].signIn(toUserDTO(profile), ctx);
  setPreferredMode(userId, to);
  ctx.setCookie(PREF_MODE_COOKIE, to, ONE_YEAR);
  logAuthEvent({ type: "mode_switched", userId, mode: to, meta: ctx });
  return { user: { ...profile, preferredMode: to }, mode: to };
}
