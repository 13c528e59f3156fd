import "server-only";
import { store } from "@/db/store";
import { env } from "@/lib/env";
import type { AuthContext } from "../context";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../cookies";
import type { UserDTO } from "../types";
import { signAccessToken } from "./access-token";

/**
 * The access cookie outlives its token so the server can say "expired" (not "who are
 * you?"), but not the login: it ends with the family (REFRESH_ABSOLUTE_TTL), as the
 * refresh cookie does.
 */
export function accessCookieMaxAge(at: number, familyExpiresAt: number | null): number {
  const own = env().REFRESH_TOKEN_TTL;
  return familyExpiresAt === null ? own : Math.max(0, Math.min(own, (familyExpiresAt - at) / 1000));
}

/**
 * Signs an access token for the family and sets it. `graceRowId`: a grace-window refresh
 * hands out one more access token for a row that was already rotated; the row records it,
 * since a revoked login's exposure ends ACCESS_TOKEN_TTL after the last one signed.
 */
export async function issueAccess(
  user: UserDTO,
  familyId: string,
  ctx: AuthContext,
  at: number,
  familyExpiresAt: number | null,
  graceRowId?: string,
): Promise<void> {
  const { token } = await signAccessToken(user, familyId, at);
  if (graceRowId) await store().refreshTokens.markAccessIssued(graceRowId, at);
  ctx.setCookie(ACCESS_COOKIE, token, accessCookieMaxAge(at, familyExpiresAt));
}

export function clearJwtCookies(ctx: AuthContext): void {
  ctx.clearCookie(ACCESS_COOKIE);
  ctx.clearCookie(REFRESH_COOKIE);
}
