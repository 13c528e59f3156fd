import "server-only";
import { type AuthContext, nextAuthContext } from "@/lib/auth/context";
import { REFRESH_COOKIE } from "@/lib/auth/cookies";
import { requireLiveLogin } from "@/lib/auth/guards";
import { switchMode } from "@/lib/auth/login";
import { demoEnabled } from "@/lib/demo-clock";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { issueLabLogin } from "./lab-login";
import { applySetCookies, type LoopbackPath, loopback } from "./loopback";
import { actorClock, browserClockOffset, labState } from "./state";
import type { LabActor, LabRequest } from "./types";

// Access + refresh, step by step. `beginJwtLogin` gives this browser a fresh JWT login
// (as PUT /api/me/mode does) and, for the demo, hands the attacker a copy of the refresh
// token at the moment it is issued; the browser then walks the flow with its own real
// requests, and `replayOldRefresh` is the attacker using that copy later.

export async function beginJwtLogin(): Promise<{ user: string; accessTokenTtl: number; refreshReuseGrace: number }> {
  const ctx = await nextAuthContext();
  // It issues a new login (a fresh refresh family): only a live login may do that.
  const auth = await requireLiveLogin(ctx);
  const state = await labState();
  let copied: string | null = null;
  const spying: AuthContext = {
    ...ctx,
    setCookie: (spec, value, maxAge) => {
      if (spec.name === REFRESH_COOKIE.name && maxAge > 0) copied = value;
      ctx.setCookie(spec, value, maxAge);
    },
  };
  const { user } = await switchMode(auth.user.id, "jwt", spying);
  if (!copied) throw new Error("no refresh token was issued");
  state.attacker = { [REFRESH_COOKIE.name]: copied };
  state.userId = auth.user.id;
  state.stolenAt = Date.now();
  return { user: user.username, accessTokenTtl: env().ACCESS_TOKEN_TTL, refreshReuseGrace: env().REFRESH_REUSE_GRACE };
}

export async function replayOldRefresh(): Promise<LabRequest> {
  const state = await labState();
  const token = state.attacker[REFRESH_COOKIE.name];
  if (!token) throw new ApiError(409, "nothing_stolen", "Start the lab first: the attacker has no refresh token.");
  const { request } = await loopback("attacker", "/api/auth/refresh", {
    method: "POST",
    jar: { [REFRESH_COOKIE.name]: token, ...(await actorClock(0)) },
  });
  return request;
}

/**
 * The whole flow in one go, for the guided path: a throwaway JWT login (the "tab"), its
 * clock moved past the access token's exp instead of waiting, and an attacker holding the
 * first refresh token. Demo mode only (it moves the clock).
 */
export async function walkThroughRefresh(): Promise<LabRequest[]> {
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  if (!demoEnabled()) throw new ApiError(403, "demo_only", "This walk-through moves the clock, which only demo mode allows.");
  const { ACCESS_TOKEN_TTL, REFRESH_REUSE_GRACE } = env();
  const offset = await browserClockOffset();
  const tab = await issueLabLogin(auth.user, "jwt", offset);
  const stolen = { [REFRESH_COOKIE.name]: tab.jar[REFRESH_COOKIE.name] ?? "" };
  const requests: LabRequest[] = [];
  const expired = ACCESS_TOKEN_TTL + 1;
  const send = async (actor: LabActor, path: LoopbackPath, jar: Record<string, string>, ahead: number, method: "GET" | "POST" = "GET") => {
    const r = await loopback(actor, path, { method, jar: { ...jar, ...(await actorClock(ahead)) } });
    requests.push(r.request);
    return r;
  };
  await send("lab_jwt", "/api/me", tab.jar, 0); // 1. the access token works
  await send("lab_jwt", "/api/me", tab.jar, expired); // 2. … until exp
  const refreshed = await send("lab_jwt", "/api/auth/refresh", tab.jar, expired, "POST"); // 3. refresh: new pair
  tab.jar = applySetCookies(tab.jar, refreshed.setCookies);
  await send("lab_jwt", "/api/me", tab.jar, expired); // … and it works again
  const later = expired + REFRESH_REUSE_GRACE + 1;
  await send("attacker", "/api/auth/refresh", stolen, later, "POST"); // 4. the old refresh token again: reuse
  await send("lab_jwt", "/api/auth/refresh", tab.jar, later, "POST"); // … the whole family is gone
  return requests;
}
