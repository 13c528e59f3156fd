import "server-only";
import type { AuthContext } from "../context";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../cookies";
import { logAuthEvent } from "../events";
import type { RefreshFailureCode } from "../messages";
import type { LoginRef, UserDTO } from "../types";
import { verifyAccessToken } from "./access-token";
import { clearJwtCookies, issueAccess } from "./cookies";
import { findRefreshToken, rotateRefreshToken } from "./refresh-tokens";

// POST /api/auth/refresh: a valid refresh token buys a new access token and its own
// successor. Reading is not minting: the family must be live (an ended login has no
// usable head), and a rotated token presented again after the grace window ends the
// whole login (./refresh-tokens.ts, through endLogin).

export type RefreshOutcome = { ok: true; user: UserDTO; rotated: boolean; familyId: string } | { ok: false; code: RefreshFailureCode };

/**
 * Access and refresh cookies are always issued together, for one login. When the access
 * cookie is ours (expired or not) and names another login than the refresh token does
 * (another user's token, planted or mixed up), the refresh is refused and neither login
 * is touched.
 */
async function belongsToAnotherLogin(refresh: string, ctx: AuthContext, at: number): Promise<boolean> {
  const access = ctx.getCookie(ACCESS_COOKIE.name);
  if (!access) return false;
  const v = await verifyAccessToken(access, at, { allowExpired: true });
  if (!v.ok) return false;
  const presented = await findRefreshToken(refresh);
  return presented !== undefined && presented.row.familyId !== v.claims.fid;
}

export async function refreshJwt(ctx: AuthContext): Promise<RefreshOutcome> {
  const token = ctx.getCookie(REFRESH_COOKIE.name);
  if (!token || token.length > 256) {
    await logAuthEvent({ type: "refresh_failed", meta: ctx, mode: "jwt", detail: { reason: token ? "malformed" : "missing" } });
    return { ok: false, code: "refresh_invalid" };
  }
  // Real time, unless the request carries a demo lab's clock and this token is that lab's
  // own login (only then is the family looked up first).
  const labFamily = ctx.clock.lab ? (await findRefreshToken(token))?.row.familyId : undefined;
  const login: LoginRef | null = labFamily ? { mode: "jwt", id: labFamily } : null;
  const at = login ? ctx.clock.timeFor(login) : ctx.now();
  if (await belongsToAnotherLogin(token, ctx, at)) {
    await logAuthEvent({ type: "refresh_failed", meta: ctx, mode: "jwt", detail: { reason: "another login's token" } });
    clearJwtCookies(ctx);
    return { ok: false, code: "refresh_invalid" };
  }
  const outcome = await rotateRefreshToken(token, ctx, at, { noGrace: login !== null && ctx.clock.graceOffFor(login) });
  switch (outcome.kind) {
    case "rotated": {
      await issueAccess(outcome.user, outcome.row.familyId, ctx, at, outcome.row.familyExpiresAt);
      ctx.setCookie(REFRESH_COOKIE, outcome.token, (outcome.row.expiresAt - at) / 1000);
      await logAuthEvent({ type: "refresh", userId: outcome.user.id, mode: "jwt", meta: ctx, detail: { familyId: outcome.row.familyId } });
      return { ok: true, user: outcome.user, rotated: true, familyId: outcome.row.familyId };
    }
    case "grace": {
      // Another tab rotated this token a moment ago and the browser already has its
      // successor: hand out an access token, leave the refresh cookie alone.
      await issueAccess(outcome.user, outcome.row.familyId, ctx, at, outcome.row.familyExpiresAt, outcome.row.id);
      await logAuthEvent({
        type: "refresh_grace",
        userId: outcome.user.id,
        mode: "jwt",
        meta: ctx,
        detail: { familyId: outcome.row.familyId },
      });
      return { ok: true, user: outcome.user, rotated: false, familyId: outcome.row.familyId };
    }
    case "reused": {
      // The login was ended inside the rotation (endLogin): this browser's cookies go too.
      clearJwtCookies(ctx);
      return { ok: false, code: "refresh_reused" };
    }
    case "expired":
    case "revoked": {
      await logAuthEvent({ type: "refresh_failed", userId: outcome.user.id, mode: "jwt", meta: ctx, detail: { reason: outcome.kind } });
      clearJwtCookies(ctx);
      if (outcome.kind === "expired") return { ok: false, code: "refresh_expired" };
      // The legitimate holder of a family killed by reuse learns why it was logged out.
      return { ok: false, code: outcome.row.revokedReason === "reuse_detected" ? "refresh_reused" : "refresh_invalid" };
    }
    case "unknown":
      await logAuthEvent({ type: "refresh_failed", meta: ctx, mode: "jwt", detail: { reason: "unknown token" } });
      clearJwtCookies(ctx);
      return { ok: false, code: "refresh_invalid" };
  }
}
