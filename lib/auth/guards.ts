import "server-only";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { isLoginLive, type LoginRef } from "./logins";
import { failureMessage } from "./messages";
import { authenticateRequest } from "./modes";
import type { AuthResult } from "./types";

export type Authed = Extract<AuthResult, { ok: true }>;

/** The login this authenticated request belongs to. */
export function loginRefOf(auth: Authed): LoginRef {
  return auth.mode === "session" ? { mode: "session", sessionId: auth.loginId } : { mode: "jwt", familyId: auth.loginId };
}

export const LOGIN_ENDED_MESSAGE =
  "This login was ended on the server (logout, revocation, password change or reuse detection). Its access token may still read until it expires, but it cannot change anything or be turned into a new login. Log in again.";

/** For route handlers: the authenticated request, or a 401 that says why. */
export async function requireAuth(ctx: AuthContext): Promise<Authed> {
  const auth = await authenticateRequest(ctx);
  if (!auth.ok) throw new ApiError(401, auth.code, failureMessage(auth.code));
  return auth;
}

/**
 * For anything that issues credentials, extends a login or changes account or login
 * state: the request must authenticate AND its login must still be live on the server,
 * whatever JWT_DENYLIST says. Reading is not minting: an ended login's access token may
 * read until `exp` (the revocation gap the product shows), never more (RFC 9700 §4.14.2,
 * docs/decisions/033-live-login-rule.md). Always real time: no client value moves it.
 */
export async function requireLiveLogin(ctx: AuthContext): Promise<Authed> {
  const auth = await requireAuth(ctx);
  if (!isLoginLive(auth.user.id, loginRefOf(auth), now())) throw new ApiError(401, "login_ended", LOGIN_ENDED_MESSAGE);
  return auth;
}

/**
 * 401 when not logged in, 403 when logged in as anyone but an admin. `live`: for admin
 * actions (they change other users' state), the admin's own login must be live too.
 */
export async function requireAdmin(ctx: AuthContext, opts: { live?: boolean } = {}): Promise<Authed> {
  const auth = opts.live ? await requireLiveLogin(ctx) : await requireAuth(ctx);
  if (auth.user.role !== "admin") throw new ApiError(403, "forbidden", "Only an admin may do this.");
  return auth;
}
