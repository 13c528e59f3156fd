import "server-only";
import { store } from "@/db/store";
import { ApiError } from "@/lib/errors";
import { normalizeUsername } from "./account-rules";
import type { AuthContext } from "./context";
import { PREF_MODE_COOKIE } from "./cookies";
import { issueDeviceCookie } from "./device-cookie";
import { endLoginsOf } from "./end-login";
import { logAuthEvent } from "./events";
import type { HashTicket } from "./hash-pool";
import { liveLogins } from "./login-list";
import { sameLogin } from "./login-ref";
import { checkLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./login-throttle";
import { currentLogin, modes, signOutEverywhereInBrowser } from "./modes";
import { admitPasswordWork, dummyPasswordHash, verifyPassword } from "./password";
import { checkSignupAllowed } from "./signup-throttle";
import type { ModeName, UserProfile } from "./types";
import { createUser, toUserDTO, UsernameTakenError } from "./users";

// Authentication happens here, once: a password is checked, credentials are issued in
// the chosen mode. Everything after this is authorization, on every request.

const ONE_YEAR = 365 * 86_400;

export async function signUp(username: string, password: string, ctx: AuthContext): Promise<UserProfile> {
  // A place in the hashing queue first (503 busy costs nothing), then the client's allowance.
  const ticket = admitPasswordWork();
  try {
    await checkSignupAllowed(ctx);
    const user = await createUser(normalizeUsername(username), password, { ticket });
    await logAuthEvent({ type: "signup", userId: user.id, meta: ctx });
    return user;
  } catch (err) {
    if (UsernameTakenError.is(err)) throw new ApiError(409, "username_taken", "That username is taken. Choose another one.");
    throw err;
  } finally {
    ticket.release();
  }
}

type LoginInput = { username: string; password: string; mode?: ModeName; endOtherLogins?: boolean };

export async function logIn(input: LoginInput, ctx: AuthContext): Promise<{ user: UserProfile; mode: ModeName }> {
  // A place in the hashing queue before anything else: a 503 busy is free and is not
  // counted against the user by the throttle.
  const ticket = admitPasswordWork();
  try {
    return await checkPasswordAndSignIn(input, ctx, ticket);
  } finally {
    ticket.release();
  }
}

async function checkPasswordAndSignIn(
  input: LoginInput,
  ctx: AuthContext,
  ticket: HashTicket,
): Promise<{ user: UserProfile; mode: ModeName }> {
  const username = normalizeUsername(input.username);
  const at = ctx.now();
  const db = store();
  try {
    await checkLoginAllowed(username, ctx);
  } catch (err) {
    await logAuthEvent({ type: "rate_limited", userId: (await db.users.byUsername(username))?.id ?? null, meta: ctx });
    throw err;
  }

  const user = await db.users.byUsername(username);
  // Unknown user and wrong password take the same time and get the same answer.
  const hash = (user && (await db.users.passwordHash(user.id))) ?? (await dummyPasswordHash());
  const valid = await verifyPassword(input.password, hash, ticket);
  if (!user || !valid) {
    await recordLoginFailure(username, ctx);
    await logAuthEvent({ type: "login_failed", userId: user?.id ?? null, meta: ctx });
    throw new ApiError(401, "invalid_credentials", "Wrong username or password.");
  }
  const device = await recordLoginSuccess(username, ctx);

  const mode = input.mode ?? user.preferredMode;
  // The policy is checked only after the password: a stranger learns nothing from it.
  // The owner's password always wins: under single-reject the answer names the way out
  // (end the other logins and log in here), which takes the password again.
  if (user.concurrentLogins === "single-reject" && !input.endOtherLogins) {
    const mine = await currentLogin(ctx);
    const others = (await liveLogins(user.id, at)).filter((l) => !sameLogin(l.ref, mine));
    if (others.length > 0) {
      await logAuthEvent({ type: "login_rejected", userId: user.id, mode, meta: ctx, detail: { activeLogins: others.length } });
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
    await endLoginsOf(user.id, "evicted", { meta: ctx });
  } else if (input.endOtherLogins) {
    await endLoginsOf(user.id, "ended_by_owner", { meta: ctx });
  }
  await modes[mode].signIn(toUserDTO(user), ctx);
  // This browser is now a known device of the account: its own allowance from now on.
  issueDeviceCookie(username, ctx, device);
  if (mode !== user.preferredMode) await db.users.update(user.id, { preferredMode: mode });
  ctx.setCookie(PREF_MODE_COOKIE, mode, ONE_YEAR);
  await logAuthEvent({ type: "login", userId: user.id, mode, meta: ctx });
  return { user: { ...user, preferredMode: mode }, mode };
}

export async function switchMode(userId: string, to: ModeName, ctx: AuthContext): Promise<{ user: UserProfile; mode: ModeName }> {
  const profile = await store().users.byId(userId);
  if (!profile) throw new ApiError(401, "user_not_found", "Your account no longer exists.");
  await signOutEverywhereInBrowser(ctx, "mode_switched");
  await modes[to].signIn(toUserDTO(profile), ctx);
  await store().users.update(userId, { preferredMode: to });
  ctx.setCookie(PREF_MODE_COOKIE, to, ONE_YEAR);
  await logAuthEvent({ type: "mode_switched", userId, mode: to, meta: ctx });
  return { user: { ...profile, preferredMode: to }, mode: to };
}
