import "server-only";
import { env } from "@/lib/env";
import type { AuthContext } from "./context";
import { ACCESS_COOKIE, cookieSize, REFRESH_COOKIE } from "./cookies";
import { denyFamilies, denyJti, denylistEnabled, familyExposureEnd, findDenial } from "./denylist";
import { logAuthEvent } from "./events";
import { noteFamilyRevoked, openExposure, recordGapRequest } from "./exposure";
import { decodeUnverified, signAccessToken, verifyAccessToken } from "./jwt";
import { revokeLogin } from "./logins";
import type { AuthMode } from "./mode";
import {
  findRefreshToken,
  issueRefreshToken,
  listFamily,
  listLiveFamilies,
  listUserRefreshTokens,
  markAccessIssued,
  rotateRefreshToken,
} from "./refresh-store";
import { newId } from "./tokens";
import { TraceRecorder } from "./trace";
import type { CookieView, StorageView, UserDTO } from "./types";

// JWT mode: the browser holds a short-lived signed access token and a long-lived opaque
// refresh token. The server checks the access token by signature alone: no lookup, no
// state, and so no way to take it back before `exp`. Only the refresh token, whose
// hash the server keeps, can be revoked.

/**
 * The access cookie outlives its token so the server can say "expired" (not "who are
 * you?"), but not the login: it ends with the family (REFRESH_ABSOLUTE_TTL), as the
 * refresh cookie does.
 */
function accessCookieMaxAge(at: number, familyExpiresAt: number | null): number {
  const own = env().REFRESH_TOKEN_TTL;
  return familyExpiresAt === null ? own : Math.max(0, Math.min(own, (familyExpiresAt - at) / 1000));
}

async function issueAccess(user: UserDTO, familyId: string, ctx: AuthContext, at: number, familyExpiresAt: number | null): Promise<void> {
  const { token } = await signAccessToken(user, familyId, at);
  ctx.setCookie(ACCESS_COOKIE, token, accessCookieMaxAge(at, familyExpiresAt));
}

export type RefreshOutcome =
  | { ok: true; user: UserDTO; rotated: boolean; familyId: string }
  | { ok: false; code: "refresh_invalid" | "refresh_reused" | "refresh_expired" };

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
  const presented = findRefreshToken(refresh);
  return presented !== undefined && presented.row.familyId !== v.claims.fid;
}

export async function refreshJwt(ctx: AuthContext): Promise<RefreshOutcome> {
  const token = ctx.getCookie(REFRESH_COOKIE.name);
  if (!token || token.length > 256) {
    logAuthEvent({ type: "refresh_failed", meta: ctx, mode: "jwt", detail: { reason: token ? "malformed" : "missing" } });
    return { ok: false, code: "refresh_invalid" };
  }
  // Real time, unless the request carries a demo lab's clock and this token is that lab's
  // own login (only then is the family looked up first).
  const labFamily = ctx.clock.lab ? findRefreshToken(token)?.row.familyId : undefined;
  const login = labFamily ? ({ mode: "jwt", familyId: labFamily } as const) : null;
  const at = login ? ctx.clock.timeFor(login) : ctx.now();
  if (await belongsToAnotherLogin(token, ctx, at)) {
    logAuthEvent({ type: "refresh_failed", meta: ctx, mode: "jwt", detail: { reason: "another login's token" } });
    clearJwtCookies(ctx);
    return { ok: false, code: "refresh_invalid" };
  }
  const outcome = rotateRefreshToken(token, ctx, at, { noGrace: login !== null && ctx.clock.graceOffFor(login) });
  switch (outcome.kind) {
    case "rotated": {
      await issueAccess(outcome.user, outcome.row.familyId, ctx, at, outcome.row.familyExpiresAt);
      ctx.setCookie(REFRESH_COOKIE, outcome.token, (outcome.row.expiresAt - at) / 1000);
      logAuthEvent({ type: "refresh", userId: outcome.user.id, mode: "jwt", meta: ctx, detail: { familyId: outcome.row.familyId } });
      return { ok: true, user: outcome.user, rotated: true, familyId: outcome.row.familyId };
    }
    case "grace": {
      // Another tab rotated this token a moment ago and the browser already has its
      // successor: hand out an access token, leave the refresh cookie alone.
      await issueAccess(outcome.user, outcome.row.familyId, ctx, at, outcome.row.familyExpiresAt);
      markAccessIssued(outcome.row.id, at);
      logAuthEvent({ type: "refresh_grace", userId: outcome.user.id, mode: "jwt", meta: ctx, detail: { familyId: outcome.row.familyId } });
      return { ok: true, user: outcome.user, rotated: false, familyId: outcome.row.familyId };
    }
    case "reused": {
      const exposureEnd = familyExposureEnd(outcome.row.familyId) ?? at;
      denyFamilies(outcome.user.id, [outcome.row.familyId], "reuse_detected", at);
      if (exposureEnd > at) noteFamilyRevoked(outcome.row.familyId, outcome.user.id, at, exposureEnd);
      logAuthEvent({
        type: "reuse_detected",
        userId: outcome.user.id,
        mode: "jwt",
        meta: ctx,
        detail: {
          familyId: outcome.row.familyId,
          tokenId: outcome.row.id,
          revoked: outcome.revoked,
          exposureEnd: Math.max(exposureEnd, at),
          exposureSeconds: Math.max(0, Math.round((exposureEnd - at) / 1000)),
          denylist: denylistEnabled() ? "on" : "off",
        },
      });
      clearJwtCookies(ctx);
      return { ok: false, code: "refresh_reused" };
    }
    case "expired":
    case "revoked": {
      logAuthEvent({ type: "refresh_failed", userId: outcome.user.id, mode: "jwt", meta: ctx, detail: { reason: outcome.kind } });
      clearJwtCookies(ctx);
      if (outcome.kind === "expired") return { ok: false, code: "refresh_expired" };
      // The legitimate holder of a family killed by reuse learns why it was logged out.
      return { ok: false, code: outcome.row.revokedReason === "reuse_detected" ? "refresh_reused" : "refresh_invalid" };
    }
    case "unknown":
      logAuthEvent({ type: "refresh_failed", meta: ctx, mode: "jwt", detail: { reason: "unknown token" } });
      clearJwtCookies(ctx);
      return { ok: false, code: "refresh_invalid" };
  }
}

function clearJwtCookies(ctx: AuthContext): void {
  ctx.clearCookie(ACCESS_COOKIE);
  ctx.clearCookie(REFRESH_COOKIE);
}

/** The refresh family this browser's JWT login belongs to, from either cookie. */
export async function currentFamilyId(ctx: AuthContext): Promise<string | null> {
  const refresh = ctx.getCookie(REFRESH_COOKIE.name);
  if (refresh && refresh.length <= 256) {
    const found = findRefreshToken(refresh);
    if (found) return found.row.familyId;
  }
  const access = ctx.getCookie(ACCESS_COOKIE.name);
  if (access) {
    // Signature still checked: a forged token must not name someone else's family.
    const v = await verifyAccessToken(access, ctx.now(), { allowExpired: true });
    if (v.ok) return v.claims.fid;
  }
  return null;
}

export const jwtMode: AuthMode = {
  name: "jwt",

  hasCredentials: (ctx) => ctx.getCookie(ACCESS_COOKIE.name) !== undefined || ctx.getCookie(REFRESH_COOKIE.name) !== undefined,

  async signIn(user, ctx) {
    const at = ctx.now();
    const familyId = newId();
    const refresh = issueRefreshToken(user.id, familyId, null, ctx, at);
    await issueAccess(user, familyId, ctx, at, refresh.row.familyExpiresAt);
    ctx.setCookie(REFRESH_COOKIE, refresh.token, (refresh.row.expiresAt - at) / 1000);
  },

  async authenticate(ctx) {
    const trace = new TraceRecorder("jwt");
    trace.cookie = ACCESS_COOKIE.name;
    const token = ctx.getCookie(ACCESS_COOKIE.name);
    if (!token) {
      trace.note("read cookie", false, `no ${ACCESS_COOKIE.name} cookie: this request is a stranger`);
      return { ok: false, code: "no_credentials", trace: trace.finish("no_credentials") };
    }
    trace.note("read cookie", true, `${ACCESS_COOKIE.name}: ${cookieSize(ACCESS_COOKIE.name, token)} bytes`);
    // Real time, unless the request carries a demo lab's clock and the token names that
    // lab's own login (the claim is only a hint for the clock: the signature still decides).
    const fid = ctx.clock.lab ? decodeUnverified(token)?.claims.fid : undefined;
    const checkAt = typeof fid === "string" ? ctx.clock.timeFor({ mode: "jwt", familyId: fid }) : ctx.now();
    const result = await trace.runAsync(
      "verify signature + claims (HS256)",
      () => verifyAccessToken(token, checkAt),
      (r) =>
        r.ok
          ? `${r.cached ? "cache hit: verified before, signature not recomputed; exp re-checked" : "first seen: signature verified; alg, typ, iss, aud, sub, jti, iat, exp ok"}; expires in ${r.claims.exp - Math.floor(checkAt / 1000)} s`
          : r.reason,
    );
    if (!result.ok) {
      trace.failLast();
      return { ok: false, code: result.code, trace: trace.finish(result.code) };
    }
    const { claims } = result;
    const at = ctx.now();
    if (denylistEnabled()) {
      const denial = trace.run(
        "denylist lookup (JWT_DENYLIST=on)",
        () => findDenial(claims.jti, claims.fid, at),
        (d) =>
          d
            ? `revoked ${Math.round((at - d.revokedAt) / 1000)} s ago (${d.reason})`
            : "not revoked: one indexed query, paid on every request",
        1,
      );
      if (denial) {
        trace.failLast();
        return { ok: false, code: "token_revoked", trace: trace.finish("token_revoked") };
      }
    } else {
      const exposure = openExposure(claims.fid, at);
      if (exposure) {
        recordGapRequest(claims.fid, claims.jti, exposure, ctx, at);
        trace.note(
          "no database lookup",
          true,
          `ACCEPTED although this login was revoked ${Math.round((at - exposure.revokedAt) / 1000)} s ago: a signature cannot know. Open for ${Math.max(0, Math.round((exposure.until - at) / 1000))} s more (JWT_DENYLIST=on closes this gap)`,
        );
      } else {
        trace.note(
          "no database lookup",
          true,
          "everything needed is in the signed claims: this is what makes JWTs cheap, and impossible to take back",
        );
      }
    }
    return {
      ok: true,
      user: { id: claims.sub, username: claims.name, role: claims.role },
      mode: "jwt",
      loginId: claims.fid,
      trace: trace.finish(null),
    };
  },

  async signOut(ctx, reason) {
    const familyId = await currentFamilyId(ctx);
    const at = ctx.now();
    if (familyId) {
      const owner = listFamily(familyId)[0]?.userId;
      if (owner) revokeLogin(owner, { mode: "jwt", familyId }, { reason, event: "logout", meta: ctx }, at);
      // The token in hand is denylisted by jti too: with JWT_DENYLIST=on a copied cookie dies now.
      const access = ctx.getCookie(ACCESS_COOKIE.name);
      const v = access ? await verifyAccessToken(access, at, { allowExpired: true }) : null;
      if (owner && v?.ok && v.claims.sub === owner) denyJti(owner, v.claims.jti, v.claims.exp * 1000, reason, at);
    }
    if (jwtMode.hasCredentials(ctx)) clearJwtCookies(ctx);
  },

  async describe(ctx, user) {
    const at = ctx.now();
    const access = ctx.getCookie(ACCESS_COOKIE.name);
    const refresh = ctx.getCookie(REFRESH_COOKIE.name);
    const decoded = access ? decodeUnverified(access) : null;
    const verified = access ? await verifyAccessToken(access, at, { allowExpired: true }) : null;
    const familyId = await currentFamilyId(ctx);
    const iat = verified?.ok ? verified.claims.iat : null;
    const refreshRow = refresh && refresh.length <= 256 ? findRefreshToken(refresh)?.row : undefined;

    const accessView: CookieView = {
      name: ACCESS_COOKIE.name,
      present: access !== undefined,
      // header.payload is readable by anyone holding the token; the signature is withheld
      // so this page never hands a usable token to a script (decision 004).
      valuePreview: access ? `${access.split(".").slice(0, 2).join(".")}.‹signature withheld›` : null,
      sizeBytes: access ? cookieSize(ACCESS_COOKIE.name, access) : null,
      httpOnly: ACCESS_COOKIE.httpOnly,
      sameSite: ACCESS_COOKIE.sameSite,
      secure: ctx.secure,
      path: ACCESS_COOKIE.path,
      expiresAt: iat !== null ? iat * 1000 + accessCookieMaxAge(iat * 1000, refreshRow?.familyExpiresAt ?? null) * 1000 : null,
      readableByJs: false,
      decoded,
      note: "A signed JWT: header and claims are only base64url, readable by anyone who holds it; the HMAC signature makes them tamper-proof. The server checks it without any lookup, so it stays valid until exp even after logout elsewhere.",
    };
    const refreshView: CookieView = {
      name: REFRESH_COOKIE.name,
      present: refresh !== undefined,
      valuePreview: refresh ? `${refresh.slice(0, 6)}…` : null,
      sizeBytes: refresh ? cookieSize(REFRESH_COOKIE.name, refresh) : null,
      httpOnly: REFRESH_COOKIE.httpOnly,
      sameSite: REFRESH_COOKIE.sameSite,
      secure: ctx.secure,
      path: REFRESH_COOKIE.path,
      expiresAt: refreshRow?.expiresAt ?? null,
      readableByJs: false,
      note: `An opaque random 256-bit token. Path=${REFRESH_COOKIE.path} means the browser sends it only to the endpoints under ${REFRESH_COOKIE.path} (refresh, logout, login, signup, inspect, sessions), never with pages or other API calls such as /api/me. Only refresh and logout (and a new login, which ends the old one) act on it. Each use replaces it.`,
    };

    const familyIds = familyId ? [familyId] : listLiveFamilies(user.id, at);
    const rows = familyId ? listFamily(familyId) : listUserRefreshTokens(user.id).filter((r) => familyIds.includes(r.familyId));
    const view: StorageView = {
      mode: "jwt",
      active:
        verified?.ok === true &&
        verified.claims.sub === user.id &&
        rows.some((r) => r.revokedAt === null && r.usedAt === null && r.expiresAt > at),
      client: { cookies: [accessView, refreshView] },
      server: {
        kind: "jwt",
        accessTokensStored: 0,
        note: "No access token is stored anywhere on the server: it is checked by its signature alone. The server keeps only the SHA-256 of each refresh token of this login (its family), to rotate it and to detect reuse.",
        refreshTokens: rows.map((r) => ({
          id: r.id,
          tokenHash: r.tokenHash,
          familyId: r.familyId,
          parentId: r.parentId,
          issuedAt: r.issuedAt,
          expiresAt: r.expiresAt,
          usedAt: r.usedAt,
          revokedAt: r.revokedAt,
          revokedReason: r.revokedReason,
          current: r.usedAt === null && r.revokedAt === null && r.expiresAt > at,
        })),
      },
    };
    return view;
  },
};
