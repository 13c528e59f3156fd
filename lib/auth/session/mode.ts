import "server-only";
import { sealData, unsealData } from "iron-session";
import { store } from "@/db/store";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { isStorageFault } from "@/lib/errors";
import type { AuthContext } from "../context";
import type { AuthMode } from "../contract";
import { COOKIE_SIZE_LIMIT, cookieView, SESSION_COOKIE } from "../cookies";
import { credentialCache } from "../credential-cache";
import { endLogin } from "../end-login";
import { sessionPasswords } from "../keys";
import { hashToken } from "../tokens";
import { detail, startCheck, type TraceRecorder } from "../trace";
import type { AuthFailureCode, AuthResult, LoginRef, StorageView } from "../types";
import { createSession, sessionState, touchSession } from "./sessions";

// Session mode: the browser holds an iron-session seal (encrypted + MACed) of an opaque
// 256-bit token; the server holds sha256(token) and every fact about the login. The
// server can end a session at any moment: the next request finds the row revoked.

interface SealedSession {
  t: string; // the session token
  a: number; // absolute expiry (ms), so the cookie view can show it without the DB
}

/** Seals that opened, until they expire (lib/auth/credential-cache.ts). The row is still read every time. */
const openedSeals = credentialCache<SealedSession>("session-seal");

/** The expiry iron stamped into the seal (ms): "Fe26.2*id*salt*iv*data*EXPIRATION*salt*mac~2". MACed. */
function sealExpiry(raw: string): number | null {
  const field = raw.split("~", 1)[0]?.split("*")[5];
  return field && /^\d{1,15}$/.test(field) ? Number(field) : null;
}

async function unsealSession(raw: string): Promise<(SealedSession & { cached: boolean }) | null> {
  if (raw.length > COOKIE_SIZE_LIMIT) return null;
  const password = sessionPasswords();
  // iron judges a seal's age by the wall clock, the rest of the app by lib/clock: an entry
  // dies when either says so, so the cache never answers where a fresh unseal would not.
  const at = Math.max(Date.now(), now());
  const opened = openedSeals.get(raw, password, at);
  if (opened) return { t: opened.t, a: opened.a, cached: true };
  try {
    const data = await unsealData<Partial<SealedSession>>(raw, {
      password,
      ttl: env().SESSION_ABSOLUTE_TTL,
    });
    if (typeof data.t !== "string" || data.t.length < 32 || data.t.length > 128 || typeof data.a !== "number") return null;
    const sealed = { t: data.t, a: data.a };
    openedSeals.set(raw, sealed, Math.min(sealed.a, sealExpiry(raw) ?? sealed.a), password, at);
    return { ...sealed, cached: false };
  } catch {
    return null; // not a seal of ours: wrong password, truncated, garbage
  }
}

/** The session row this browser's seal names (live or ended), or null. */
async function sessionOf(ctx: AuthContext) {
  const raw = ctx.getCookie(SESSION_COOKIE.name);
  const sealed = raw ? await unsealSession(raw) : null;
  return sealed ? ((await store().sessions.findByTokenHash(hashToken(sealed.t))) ?? null) : null;
}

function fail(trace: TraceRecorder, code: AuthFailureCode): AuthResult {
  return { ok: false, code, trace: trace.finish(code) };
}

export const sessionMode: AuthMode = {
  name: "session",

  hasCredentials: (ctx) => ctx.getCookie(SESSION_COOKIE.name) !== undefined,

  async signIn(user, ctx) {
    const at = ctx.now();
    const { token, row } = await createSession(user.id, ctx, at);
    const sealed = await sealData({ t: token, a: row.absoluteExpiresAt } satisfies SealedSession, {
      password: sessionPasswords(),
      ttl: env().SESSION_ABSOLUTE_TTL,
    });
    ctx.setCookie(SESSION_COOKIE, sealed, (row.absoluteExpiresAt - at) / 1000);
    return { mode: "session", id: row.id };
  },

  async authenticate(ctx) {
    const raw = ctx.getCookie(SESSION_COOKIE.name);
    const trace = startCheck("session", SESSION_COOKIE.name, raw);
    if (!raw) return fail(trace, "no_credentials");

    const sealed = await trace.runAsync(
      "unseal",
      () => unsealSession(raw),
      (s) => detail(s ? (s.cached ? "seal_cache_hit" : "seal_opened") : "seal_invalid"),
    );
    if (!sealed) {
      trace.failLast();
      return fail(trace, "malformed_credentials");
    }

    const hash = trace.run(
      "hash_token",
      () => hashToken(sealed.t),
      (h) => detail("token_hash", { hash: h.slice(0, 12) }),
    );
    const found = await trace.runAsync(
      "db_lookup",
      () => store().sessions.findByTokenHash(hash),
      (f) => (f ? detail("session_found", { session: f.session.id.slice(0, 8), user: f.user.username }) : detail("session_row_missing")),
      1,
    );
    if (!found) {
      trace.failLast();
      return fail(trace, "session_not_found");
    }

    // Real time, unless this is a demo lab's own login under that lab's clock.
    const login: LoginRef = { mode: "session", id: found.session.id };
    const at = ctx.clock.timeFor(login);
    const state = sessionState(found.session, at);
    const stateCode: Record<typeof state, AuthFailureCode | null> = {
      active: null,
      revoked: "session_revoked",
      idle_expired: "session_idle_expired",
      expired: "session_expired",
    };
    const code = stateCode[state];
    trace.note(
      "check_session_state",
      code === null,
      state === "active"
        ? detail("session_live", { idleAt: found.session.idleExpiresAt })
        : state === "revoked"
          ? detail("session_revoked", { reason: found.session.revokedReason ?? "unknown" })
          : detail(state === "idle_expired" ? "session_idle_expired" : "session_expired"),
    );
    if (code) return fail(trace, code);

    try {
      // Timed around the write itself; skipped (no step) when the throttle says not yet.
      const t0 = performance.now();
      if (await touchSession(found.session, at)) {
        trace.record("touch_session", performance.now() - t0, detail("idle_slid"), 1);
      }
    } catch (err) {
      // A full or read-only disk must not turn a valid session into an error: the check is
      // a read, sliding the idle expiry is bookkeeping that the next request retries.
      if (!isStorageFault(err)) throw err;
      trace.note("touch_session", false, detail("idle_not_slid"));
    }
    return { ok: true, user: found.user, mode: "session", login, trace: trace.finish(null) };
  },

  async currentLogin(ctx) {
    const found = await sessionOf(ctx);
    return found ? { mode: "session", id: found.session.id } : null;
  },

  async signOut(ctx, reason) {
    const found = await sessionOf(ctx);
    if (found) await endLogin({ mode: "session", id: found.session.id }, reason, { meta: ctx, event: "logout" });
    if (ctx.getCookie(SESSION_COOKIE.name) !== undefined) ctx.clearCookie(SESSION_COOKIE);
  },

  async describe(ctx, user) {
    const raw = ctx.getCookie(SESSION_COOKIE.name);
    const sealed = raw ? await unsealSession(raw) : null;
    const currentHash = sealed ? hashToken(sealed.t) : null;
    const rows = await store().sessions.listRecent(user.id, 20);
    const at = ctx.now();
    const cookie = cookieView(SESSION_COOKIE, raw, ctx.secure, {
      preview: (r) => `${r.slice(0, 28)}…`,
      expiresAt: sealed?.a ?? null,
      notes: [{ code: "session_cookie" }],
    });
    const view: StorageView = {
      mode: "session",
      active: currentHash !== null && rows.some((r) => r.tokenHash === currentHash && sessionState(r, at) === "active"),
      client: { cookies: [cookie] },
      server: {
        kind: "session",
        note: { code: "session_server" },
        sessions: rows.map((r) => ({
          id: r.id,
          tokenHash: r.tokenHash,
          createdAt: r.createdAt,
          lastSeenAt: r.lastSeenAt,
          idleExpiresAt: r.idleExpiresAt,
          absoluteExpiresAt: r.absoluteExpiresAt,
          userAgent: r.userAgent,
          ip: r.ip,
          revokedAt: r.revokedAt,
          revokedReason: r.revokedReason,
          current: r.tokenHash === currentHash,
          state: sessionState(r, at),
        })),
      },
    };
    return view;
  },
};
