import "server-only";
import { cookies } from "next/headers";
import { ACCESS_COOKIE, cookieSize, SESSION_COOKIE } from "@/lib/auth/cookies";
import { ApiError } from "@/lib/errors";
import { labUser } from "./guard";
import { loopback } from "./loopback";
import { actorClock, labState } from "./state";
import type { LabRequest } from "./types";

// Stolen credential replay: the "attacker" keeps a copy of this browser's credential
// cookie in a separate jar (server-side) and sends it from there, before and after the
// reader logs out.

export async function stealCredentials(): Promise<{ mode: string; cookies: Array<{ name: string; size: number }> }> {
  const { auth } = await labUser();
  const jar = await cookies();
  const state = await labState();
  state.attacker = {};
  // The cookie this login authenticates with: the session seal, or the access token (the
  // refresh cookie never reaches /api/lab: its Path is /api/auth).
  for (const spec of [SESSION_COOKIE, ACCESS_COOKIE]) {
    const value = jar.get(spec.name)?.value;
    if (value && spec.name === (auth.mode === "session" ? SESSION_COOKIE.name : ACCESS_COOKIE.name)) state.attacker[spec.name] = value;
  }
  state.userId = auth.user.id;
  state.stolenAt = Date.now();
  return {
    mode: auth.mode,
    cookies: Object.entries(state.attacker).map(([name, value]) => ({ name, size: cookieSize(name, value) })),
  };
}

/** The attacker sends GET /api/me with the copy; `aheadSeconds` runs their clock ahead (demo mode). */
export async function replayStolen(aheadSeconds: number): Promise<LabRequest> {
  const state = await labState();
  if (Object.keys(state.attacker).length === 0) {
    throw new ApiError(409, "nothing_stolen", "Copy a credential first: the attacker's jar is empty.");
  }
  const { request } = await loopback("attacker", "/api/me", { jar: { ...state.attacker, ...(await actorClock(aheadSeconds)) } });
  return request;
}
