import "server-only";
import { cookies } from "next/headers";
import { nextAuthContext } from "@/lib/auth/context";
import { ACCESS_COOKIE, cookieSize, SESSION_COOKIE } from "@/lib/auth/cookies";
import { signedInUser } from "@/lib/auth/guards";
import { decodeUnverified } from "@/lib/auth/jwt/access-token";
import { ApiError } from "@/lib/errors";
import { labUser } from "./guard";
import { loopback } from "./loopback";
import { findLabState, labState } from "./state";
import type { LabRequest } from "./types";

// Stolen credential replay: the "attacker" keeps a copy of this browser's credential
// cookie in a separate jar (server-side) and sends it from there, before and after the
// reader logs out.

export async function stealCredentials(): Promise<{
  mode: string;
  cookies: Array<{ name: string; size: number }>;
  /** A copied access token works until its exp (ms); null for a session cookie. */
  expiresAt: number | null;
}> {
  const { auth } = await labUser();
  const jar = await cookies();
  const state = await labState(auth.user.id);
  state.attacker = {};
  // The cookie this login authenticates with: the session seal, or the access token (the
  // refresh cookie never reaches /api/lab: its Path is /api/auth).
  for (const spec of [SESSION_COOKIE, ACCESS_COOKIE]) {
    const value = jar.get(spec.name)?.value;
    if (value && spec.name === (auth.mode === "session" ? SESSION_COOKIE.name : ACCESS_COOKIE.name)) state.attacker[spec.name] = value;
  }
  state.userId = auth.user.id;
  state.stolenAt = Date.now();
  const access = state.attacker[ACCESS_COOKIE.name];
  const exp = access ? decodeUnverified(access)?.claims.exp : null;
  return {
    mode: auth.mode,
    cookies: Object.entries(state.attacker).map(([name, value]) => ({ name, size: cookieSize(name, value) })),
    expiresAt: typeof exp === "number" ? exp * 1000 : null,
  };
}

/**
 * The attacker sends GET /api/me with the copy, at real time: the reader's own
 * credentials never time-travel, so "after exp" means after exp (the page counts down).
 */
export async function replayStolen(): Promise<LabRequest> {
  // The reader has usually logged out by now: signed out, the state is found by its
  // cookie alone (an unguessable id this browser holds); signed in as another reader, it
  // is not theirs and is not found. Never created here.
  const viewer = await signedInUser(await nextAuthContext());
  const state = await findLabState(viewer?.id ?? null);
  if (!state || Object.keys(state.attacker).length === 0) {
    throw new ApiError(409, "nothing_stolen", "Copy a credential first: the attacker's jar is empty.");
  }
  const { request } = await loopback("attacker", "/api/me", { jar: state.attacker });
  return request;
}
