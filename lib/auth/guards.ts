import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { type AuthContext, nextAuthContext } from "./context";
import { isLoginLive } from "./login-list";
import { failureMessage } from "./messages";
import { authenticateRequest } from "./modes";
import type { AuthResult, UserDTO } from "./types";

// The one guard API. Route handlers, server actions and pages ask "who is this, and may
// they?" here and nowhere else:
//   requireLogin(ctx)            authenticated, or 401 with the code and the trace of the check
//   requireLiveLogin(ctx)        … and the login is still live on the server (401 login_ended)
//   requireAdmin(ctx, {live})    … and an admin (403 forbidden)
//   signedInUser(ctx)            the user or null, for routes that also answer strangers
//   pageAuth() / requirePageLogin(returnTo)   the same for pages: cached per request, redirects

export type Authed = Extract<AuthResult, { ok: true }>;

export const LOGIN_ENDED_MESSAGE =
  "This login was ended on the server (logout, revocation, password change or reuse detection). Its access token may still read until it expires, but it cannot change anything or be turned into a new login. Log in again.";

/** The authenticated request, or a 401 that says why and carries the trace of the check. */
export async function requireLogin(ctx: AuthContext): Promise<Authed> {
  const auth = await authenticateRequest(ctx);
  if (!auth.ok) throw new ApiError(401, auth.code, failureMessage(auth.code), { body: { trace: auth.trace } });
  return auth;
}

/** Who is signed in, if anyone: for routes that answer strangers too (a lab's report). */
export async function signedInUser(ctx: AuthContext): Promise<UserDTO | null> {
  const auth = await authenticateRequest(ctx);
  return auth.ok ? auth.user : null;
}

/**
 * For anything that issues credentials, extends a login or changes account or login
 * state: the request must authenticate AND its login must still be live on the server,
 * whatever JWT_DENYLIST says. Reading is not minting: an ended login's access token may
 * read until `exp` (the revocation gap the product shows), never more (RFC 9700 §4.14.2,
 * docs/decisions/033-live-login-rule.md). Always real time: no client value moves it.
 */
export async function requireLiveLogin(ctx: AuthContext): Promise<Authed> {
  const auth = await requireLogin(ctx);
  if (!(await isLoginLive(auth.user.id, auth.login, now()))) {
    throw new ApiError(401, "login_ended", LOGIN_ENDED_MESSAGE, { body: { trace: auth.trace } });
  }
  return auth;
}

/**
 * 401 when not logged in, 403 when logged in as anyone but an admin. `live`: for admin
 * actions (they change other users' state), the admin's own login must be live too.
 */
export async function requireAdmin(ctx: AuthContext, opts: { live?: boolean } = {}): Promise<Authed> {
  const auth = opts.live ? await requireLiveLogin(ctx) : await requireLogin(ctx);
  if (auth.user.role !== "admin") throw new ApiError(403, "forbidden", "Only an admin may do this.");
  return auth;
}

// ---- pages ----------------------------------------------------------------------------

/** This request's check, run once however many components ask (React cache()). */
export const pageAuth = cache(async (): Promise<AuthResult> => authenticateRequest(await nextAuthContext()));

export async function pageUser(): Promise<UserDTO | null> {
  const auth = await pageAuth();
  return auth.ok ? auth.user : null;
}

/**
 * For pages: the login, or a redirect. An expired access token goes to the refresh
 * endpoint first (which comes straight back), so JWT users never see /login while
 * their refresh token is valid.
 */
export async function requirePageLogin(returnTo: string): Promise<Authed> {
  const auth = await pageAuth();
  if (auth.ok) return auth;
  const next = encodeURIComponent(returnTo);
  // Only JWT logins can be refreshed; a session that ended is over.
  if (auth.trace.mode !== "session") redirect(`/api/auth/refresh?next=${next}`);
  redirect(`/login?next=${next}&reason=${auth.code}`);
}
