import "server-only";
import { store } from "@/db/store";
import { env } from "@/lib/env";
import type { AuthContext } from "../context";
import type { AuthMode } from "../contract";
import { ACCESS_COOKIE, cookieView, REFRESH_COOKIE } from "../cookies";
import { endLogin } from "../end-login";
import { accessAlg } from "../keys";
import { newId } from "../tokens";
import { detail, startCheck } from "../trace";
import type { StorageView } from "../types";
import { decodeUnverified, verifyAccessToken } from "./access-token";
import { accessCookieMaxAge, clearJwtCookies, issueAccess } from "./cookies";
import { denyJti, denylistEnabled, findDenial } from "./denylist";
import { openExposure, recordGapRequest } from "./exposure";
import { findRefreshToken, issueRefreshToken } from "./refresh-tokens";

// JWT mode: the browser holds a short-lived signed access token and a long-lived opaque
// refresh token. The server checks the access token by signature alone: no lookup, no
// state, and so no way to take it back before `exp`. Only the refresh token, whose
// hash the server keeps, can be revoked (./refresh.ts rotates it).

/** The refresh family this browser's JWT login belongs to, from either cookie. */
async function currentFamilyId(ctx: AuthContext): Promise<string | null> {
  const refresh = ctx.getCookie(REFRESH_COOKIE.name);
  if (refresh && refresh.length <= 256) {
    const found = await findRefreshToken(refresh);
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
    const refresh = await issueRefreshToken(user.id, familyId, ctx, at);
    await issueAccess(user, familyId, ctx, at, refresh.row.familyExpiresAt);
    ctx.setCookie(REFRESH_COOKIE, refresh.token, (refresh.row.expiresAt - at) / 1000);
    return { mode: "jwt", id: familyId };
  },

  async authenticate(ctx) {
    const token = ctx.getCookie(ACCESS_COOKIE.name);
    const trace = startCheck("jwt", ACCESS_COOKIE.name, token);
    if (!token) return { ok: false, code: "no_credentials", trace: trace.finish("no_credentials") };
    // Real time, unless the request carries a demo lab's clock and the token names that
    // lab's own login (the claim is only a hint for the clock: the signature still decides).
    const fid = ctx.clock.lab ? decodeUnverified(token)?.claims.fid : undefined;
    const checkAt = typeof fid === "string" ? ctx.clock.timeFor({ mode: "jwt", id: fid }) : ctx.now();
    const result = await trace.runAsync(
      "verify_jwt",
      () => verifyAccessToken(token, checkAt),
      (r) =>
        r.ok
          ? r.cached
            ? detail("jwt_cache_hit", { seconds: r.claims.exp - Math.floor(checkAt / 1000) })
            : detail("jwt_verified", { seconds: r.claims.exp - Math.floor(checkAt / 1000), alg: accessAlg() })
          : r.detail,
    );
    if (!result.ok) {
      trace.failLast();
      return { ok: false, code: result.code, trace: trace.finish(result.code) };
    }
    const { claims } = result;
    const at = ctx.now();
    if (denylistEnabled()) {
      const denial = await trace.runAsync(
        "denylist_lookup",
        () => findDenial(claims.jti, claims.fid, at),
        (d) => (d ? detail("denylist_hit", { seconds: Math.round((at - d.revokedAt) / 1000), reason: d.reason }) : detail("denylist_miss")),
        1,
      );
      if (denial) {
        trace.failLast();
        return { ok: false, code: "token_revoked", trace: trace.finish("token_revoked") };
      }
    } else {
      const exposure = await openExposure(claims.fid, at);
      if (exposure) {
        recordGapRequest(claims.fid, claims.jti, exposure, ctx, at);
        trace.note(
          "no_db_lookup",
          true,
          detail("gap_accepted", {
            seconds: Math.round((at - exposure.revokedAt) / 1000),
            left: Math.max(0, Math.round((exposure.until - at) / 1000)),
          }),
        );
      } else {
        trace.note("no_db_lookup", true, detail("claims_suffice"));
      }
    }
    return {
      ok: true,
      user: { id: claims.sub, username: claims.name, role: claims.role },
      mode: "jwt",
      login: { mode: "jwt", id: claims.fid },
      trace: trace.finish(null),
    };
  },

  async currentLogin(ctx) {
    const familyId = await currentFamilyId(ctx);
    return familyId ? { mode: "jwt", id: familyId } : null;
  },

  async signOut(ctx, reason) {
    const familyId = await currentFamilyId(ctx);
    const at = ctx.now();
    if (familyId) {
      await endLogin({ mode: "jwt", id: familyId }, reason, { meta: ctx, event: "logout" });
      const owner = await store().refreshTokens.familyOwner(familyId);
      // The token in hand is denylisted by jti too: with JWT_DENYLIST=on a copied cookie dies now.
      const access = ctx.getCookie(ACCESS_COOKIE.name);
      const v = access ? await verifyAccessToken(access, at, { allowExpired: true }) : null;
      if (owner && v?.ok && v.claims.sub === owner) await denyJti(owner, v.claims.jti, v.claims.exp * 1000, reason, at);
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
    const refreshRow = refresh && refresh.length <= 256 ? (await findRefreshToken(refresh))?.row : undefined;

    const accessView = cookieView(ACCESS_COOKIE, access, ctx.secure, {
      // header.payload is readable by anyone holding the token; the signature is withheld
      // so this page never hands a usable token to a script (decision 004).
      preview: (t) => `${t.split(".").slice(0, 2).join(".")}.‹signature withheld›`,
      expiresAt: iat !== null ? iat * 1000 + accessCookieMaxAge(iat * 1000, refreshRow?.familyExpiresAt ?? null) * 1000 : null,
      decoded,
      // The cookie outlives the token on purpose (lib/auth/jwt/cookies.ts): the card says why.
      notes: [{ code: "jwt_access_cookie" }, { code: "jwt_access_lifetime", params: { ttl: env().ACCESS_TOKEN_TTL } }],
    });
    const refreshView = cookieView(REFRESH_COOKIE, refresh, ctx.secure, {
      preview: (t) => `${t.slice(0, 6)}…`,
      expiresAt: refreshRow?.expiresAt ?? null,
      notes: [{ code: "jwt_refresh_cookie", params: { path: REFRESH_COOKIE.path } }],
    });

    const db = store();
    const familyIds = familyId ? [familyId] : (await db.refreshTokens.liveHeads(user.id, at)).map((h) => h.familyId);
    const rows = familyId
      ? await db.refreshTokens.listFamily(familyId)
      : (await db.refreshTokens.listRecent(user.id, 30)).filter((r) => familyIds.includes(r.familyId));
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
        note: { code: "jwt_server" },
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
