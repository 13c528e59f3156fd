import "server-only";
import { type Store, store } from "@/db/store";
import { env } from "@/lib/env";

// The JWT revocation gap, and the switch that closes it.
//
// A revoked JWT login keeps working until its last access token expires: the server
// checks signatures, not state. Every revocation is written here (by whole login, and
// by jti when the token is at hand) until the moment no token it covers can still be
// valid, so the table stays tiny. With JWT_DENYLIST=on every JWT request pays one
// indexed lookup against it and the gap closes; with it off, nothing reads it on the
// hot path and the gap stays open — and visible (./exposure.ts).

export function denylistEnabled(): boolean {
  return env().JWT_DENYLIST === "on";
}

/** When the last access token of this family stops verifying on its own. */
export async function familyExposureEnd(familyId: string, db: Store = store()): Promise<number | null> {
  const last = await db.refreshTokens.lastAccessIssuedAt(familyId);
  return last ? last + env().ACCESS_TOKEN_TTL * 1000 : null;
}

/** Called by endLogin only (inside its transaction). */
export async function denyFamily(userId: string, familyId: string, reason: string, at: number, db: Store = store()): Promise<void> {
  const until = (await familyExposureEnd(familyId, db)) ?? at + env().ACCESS_TOKEN_TTL * 1000;
  if (until <= at) return; // every token of it has already expired: nothing to deny
  await db.denylist.add({ key: `fid:${familyId}`, userId, revokedAt: at, expiresAt: until, reason });
}

/** The token in hand at sign-out, by jti: with JWT_DENYLIST=on a copied cookie dies at once. */
export async function denyJti(userId: string, jti: string, expMs: number, reason: string, at: number): Promise<void> {
  if (expMs <= at) return;
  await store().denylist.add({ key: `jti:${jti}`, userId, revokedAt: at, expiresAt: expMs, reason });
}

/** One indexed lookup (primary key IN two values). */
export function findDenial(jti: string, familyId: string, at: number) {
  return store().denylist.find([`jti:${jti}`, `fid:${familyId}`], at);
}
