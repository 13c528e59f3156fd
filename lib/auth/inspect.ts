import "server-only";
import { store } from "@/db/store";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { checkCounters } from "./check-counters";
import type { AuthContext } from "./context";
import { listUserEvents } from "./events";
import type { Authed } from "./guards";
import { listExposureWindows } from "./jwt/exposure";
import { listActiveLogins } from "./login-list";
import { currentLogin, modes } from "./modes";
import type { DevicesView, InspectResponse } from "./types";

/** The devices view: this user's live logins, revocation gaps and events, "current" marked. */
export async function devicesView(ctx: AuthContext, auth: Authed): Promise<DevicesView> {
  const current = await currentLogin(ctx);
  const [sessions, exposures, events] = await Promise.all([
    listActiveLogins(auth.user.id, ctx.now(), current),
    listExposureWindows(auth.user.id, 10, current),
    listUserEvents(auth.user.id),
  ]);
  return { sessions, exposures, events };
}

export async function inspect(ctx: AuthContext, auth: Authed, opts: { devices?: boolean } = {}): Promise<InspectResponse> {
  const user = await store().users.byId(auth.user.id);
  if (!user) throw new ApiError(401, "user_not_found", "Your account no longer exists.");
  const [session, jwt] = await Promise.all([modes.session.describe(ctx, auth.user), modes.jwt.describe(ctx, auth.user)]);
  const current = auth.mode === "session" ? session : jwt;
  const e = env();
  return {
    mode: auth.mode,
    user,
    client: current.client,
    server: current.server,
    modes: { session, jwt },
    trace: auth.trace,
    ...(opts.devices ? { devices: await devicesView(ctx, auth) } : {}),
    // Issue 11 (11b): the dashboard's per-mode counters card reads this field; it is
    // numbers only, no prose, so it needs no dictionary entry.
    checkCounters: checkCounters(),
    serverTime: ctx.now(),
    config: {
      accessTokenTtl: e.ACCESS_TOKEN_TTL,
      refreshTokenTtl: e.REFRESH_TOKEN_TTL,
      sessionIdleTtl: e.SESSION_IDLE_TTL,
      sessionAbsoluteTtl: e.SESSION_ABSOLUTE_TTL,
      refreshReuseGrace: e.REFRESH_REUSE_GRACE,
    },
  };
}
