import "server-only";
import { store } from "@/db/store";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import type { Authed } from "./guards";
import { modes } from "./modes";
import type { InspectResponse } from "./types";

export async function inspect(ctx: AuthContext, auth: Authed): Promise<InspectResponse> {
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
