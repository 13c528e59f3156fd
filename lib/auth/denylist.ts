import "server-only";
import { and, eq, gt, inArray, lte, max, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { jwtDenylist, refreshTokens } from "@/db/schema";
import { env } from "@/lib/env";

// The JWT revocation gap, and the switch that closes it.
//
// A revoked JWT login keeps working until its last access token expires: the server
// checks signatures, not state. Every revocation is written here (by whole login, and
// by jti when the token is at hand) until the moment no token it covers can still be
// valid, so the table stays tiny. With JWT_DENYLIST=on every JWT request pays one
// indexed lookup against it and the gap closes; with it off, nothing reads it on the
// hot path and the gap stays open — and visible (lib/auth/exposure.ts).

export function denylistEnabled(): boolean {
  return env().JWT_DENYLIST === "on";
}

/** When the last access token of this family stops verifying on its own. */
export function familyExposureEnd(familyId: string): number | null {
  const row = getDb()
    .select({ last: max(refreshTokens.accessIssuedAt) })
    .from(refreshTokens)
    .where(eq(refreshTokens.familyId, familyId))
    .get();
  return row?.last ? row.last + env().ACCESS_TOKEN_TTL * 1000 : null;
}

export function denyFamilies(userId: string, familyIds: string[], reason: string, at: number): void {
  for (const familyId of familyIds) {
    const until = familyExposureEnd(familyId) ?? at + env().ACCESS_TOKEN_TTL * 1000;
    if (until <= at) continue; // every token of it has already expired: nothing to deny
    getDb()
      .insert(jwtDenylist)
      .values({ key: `fid:${familyId}`, userId, revokedAt: at, expiresAt: until, reason })
      .onConflictDoNothing()
      .run();
  }
}

export function denyJti(userId: string, jti: string, expMs: number, reason: string, at: number): void {
  if (expMs <= at) return;
  getDb()
    .insert(jwtDenylist)
    .values({ key: `jti:${jti}`, userId, revokedAt: at, expiresAt: expMs, reason })
    .onConflictDoNothing()
    .run();
}

function prepareDenialLookup(db: Db) {
  return db
    .select({ key: jwtDenylist.key, revokedAt: jwtDenylist.revokedAt, reason: jwtDenylist.reason })
    .from(jwtDenylist)
    .where(
      and(
        inArray(jwtDenylist.key, [sql.placeholder("jtiKey"), sql.placeholder("fidKey")]),
        gt(jwtDenylist.expiresAt, sql.placeholder("at")),
      ),
    )
    .prepare();
}

// Paid on every JWT request when the denylist is on: prepared once per connection.
const denialLookups = new WeakMap<Db, ReturnType<typeof prepareDenialLookup>>();

/** One indexed lookup (primary key IN two values). */
export function findDenial(jti: string, familyId: string, at: number): { key: string; revokedAt: number; reason: string } | undefined {
  const db = getDb();
  let lookup = denialLookups.get(db);
  if (!lookup) {
    lookup = prepareDenialLookup(db);
    denialLookups.set(db, lookup);
  }
  return lookup.get({ jtiKey: `jti:${jti}`, fidKey: `fid:${familyId}`, at });
}

export function purgeExpiredDenials(at: number): number {
  return getDb().delete(jwtDenylist).where(lte(jwtDenylist.expiresAt, at)).run().changes;
}
