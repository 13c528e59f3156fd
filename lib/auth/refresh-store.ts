import "server-only";
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type RefreshTokenRow, refreshTokens, users } from "@/db/schema";
import { env } from "@/lib/env";
import type { RequestMeta } from "./context";
import { generateToken, hashToken, newId } from "./tokens";
import type { UserDTO } from "./types";

// Refresh tokens: opaque, 256-bit, stored as sha256, rotated on every use. A family is
// one login; each rotation adds a child and marks the parent used. Presenting a used
// token again after the grace window means it was copied: the whole family dies
// (RFC 9700 §4.14.2, docs/decisions/002-refresh-rotation.md).

/**
 * `familyExpiresAt`: the family's hard end, set when the login starts and copied to every
 * child, so rotation never pushes it out (REFRESH_ABSOLUTE_TTL).
 */
export function issueRefreshToken(
  userId: string,
  familyId: string,
  parentId: string | null,
  meta: RequestMeta,
  at: number,
  familyExpiresAt: number = at + env().REFRESH_ABSOLUTE_TTL * 1000,
): { token: string; row: RefreshTokenRow } {
  const token = generateToken();
  const row: RefreshTokenRow = {
    id: newId(),
    tokenHash: hashToken(token),
    familyId,
    parentId,
    userId,
    issuedAt: at,
    expiresAt: Math.min(at + env().REFRESH_TOKEN_TTL * 1000, familyExpiresAt),
    familyExpiresAt,
    usedAt: null,
    revokedAt: null,
    revokedReason: null,
    accessIssuedAt: at,
    userAgent: meta.userAgent,
    ip: meta.ip,
  };
  getDb().insert(refreshTokens).values(row).run();
  return { token, row };
}

export function findRefreshToken(token: string): { row: RefreshTokenRow; user: UserDTO } | undefined {
  return getDb()
    .select({ row: refreshTokens, user: { id: users.id, username: users.username, role: users.role } })
    .from(refreshTokens)
    .innerJoin(users, eq(users.id, refreshTokens.userId))
    .where(eq(refreshTokens.tokenHash, hashToken(token)))
    .get();
}

export type RotationOutcome =
  | { kind: "rotated"; token: string; row: RefreshTokenRow; user: UserDTO }
  | { kind: "grace"; row: RefreshTokenRow; user: UserDTO } // a second tab raced us: no new refresh token
  | { kind: "reused"; row: RefreshTokenRow; user: UserDTO; revoked: number }
  | { kind: "expired" | "revoked"; row: RefreshTokenRow; user: UserDTO }
  | { kind: "unknown" };

/**
 * One refresh, atomically. better-sqlite3 runs the transaction synchronously, and the
 * conditional UPDATE (used_at IS NULL) makes the claim safe across processes too.
 */
export function rotateRefreshToken(token: string, meta: RequestMeta, at: number, opts: { noGrace?: boolean } = {}): RotationOutcome {
  const db = getDb();
  // Helpers below use the same connection, so they run inside this transaction.
  return db.transaction((): RotationOutcome => {
    const found = findRefreshToken(token);
    if (!found) return { kind: "unknown" } as const;
    const { row, user } = found;
    if (row.revokedAt !== null) return { kind: "revoked", row, user } as const;
    // A child never outlives its family (expiresAt is capped), but the family's end is
    // checked on its own too: REFRESH_ABSOLUTE_TTL is the login's hard end.
    if (at >= row.expiresAt || (row.familyExpiresAt !== null && at >= row.familyExpiresAt)) return { kind: "expired", row, user } as const;
    if (row.usedAt !== null) {
      if (!opts.noGrace && at - row.usedAt <= env().REFRESH_REUSE_GRACE * 1000) return { kind: "grace", row, user } as const;
      const revoked = revokeRefreshFamily(row.familyId, "reuse_detected", at);
      return { kind: "reused", row, user, revoked } as const;
    }
    const claimed = db
      .update(refreshTokens)
      .set({ usedAt: at })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt)))
      .run();
    if (claimed.changes === 0) return { kind: "grace", row, user } as const;
    // Rows written before the family end existed carry none: the migration filled it in.
    const child = issueRefreshToken(row.userId, row.familyId, row.id, meta, at, row.familyExpiresAt ?? row.expiresAt);
    return { kind: "rotated", token: child.token, row: child.row, user } as const;
  });
}

/** A grace-window refresh signed one more access token for this family. */
export function markAccessIssued(rowId: string, at: number): void {
  getDb().update(refreshTokens).set({ accessIssuedAt: at }).where(eq(refreshTokens.id, rowId)).run();
}

export function revokeRefreshFamily(familyId: string, reason: string, at: number): number {
  return getDb()
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
    .run().changes;
}

/** Is any token of this family still usable? (an access token's login is alive) */
export function isFamilyLive(familyId: string, at: number): boolean {
  const row = getDb()
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, at)))
    .limit(1)
    .get();
  return row !== undefined;
}

export function listFamily(familyId: string): RefreshTokenRow[] {
  return getDb().select().from(refreshTokens).where(eq(refreshTokens.familyId, familyId)).orderBy(asc(refreshTokens.issuedAt)).all();
}

/** Families of a user that still have an unrevoked, unexpired token. */
export function listLiveFamilies(userId: string, at: number): string[] {
  return getDb()
    .selectDistinct({ f: refreshTokens.familyId })
    .from(refreshTokens)
    .where(
      and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, at)),
    )
    .all()
    .map((r) => r.f);
}

export function revokeUserFamilies(userId: string, reason: string, at: number, keepFamilyId?: string): number {
  const families = listLiveFamilies(userId, at).filter((f) => f !== keepFamilyId);
  if (families.length === 0) return 0;
  return getDb()
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(inArray(refreshTokens.familyId, families), isNull(refreshTokens.revokedAt)))
    .run().changes;
}

export function listUserRefreshTokens(userId: string, limit = 30): RefreshTokenRow[] {
  return getDb()
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.userId, userId))
    .orderBy(desc(refreshTokens.issuedAt))
    .limit(limit)
    .all();
}
