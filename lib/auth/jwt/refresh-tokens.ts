import "server-only";
import { type RefreshTokenRow, store, type UserRef } from "@/db/store";
import { env } from "@/lib/env";
import type { RequestMeta } from "../context";
import { endLogin, loginLock } from "../end-login";
import { generateToken, hashToken, newId } from "../tokens";

// Refresh tokens: opaque, 256-bit, stored as sha256, rotated on every use. A family is
// one login; each rotation adds a child and marks the parent used. Presenting a used
// token again after the grace window means it was copied: the whole family ends
// (RFC 9700 §4.14.2, docs/decisions/002-refresh-rotation-with-grace.md). This module
// mints the tokens; the data layer only ever sees their hashes.

/**
 * The row for a new token. `familyExpiresAt`: the family's hard end, set when the login
 * starts and copied to every child, so rotation never pushes it out (REFRESH_ABSOLUTE_TTL).
 */
function rowFor(
  token: string,
  at: number,
  family: { userId: string; familyId: string; parentId: string | null; familyExpiresAt: number },
  meta: RequestMeta,
): RefreshTokenRow {
  return {
    id: newId(),
    tokenHash: hashToken(token),
    ...family,
    issuedAt: at,
    expiresAt: Math.min(at + env().REFRESH_TOKEN_TTL * 1000, family.familyExpiresAt),
    usedAt: null,
    revokedAt: null,
    revokedReason: null,
    accessIssuedAt: at,
    userAgent: meta.userAgent,
    ip: meta.ip,
  };
}

/** The first token of a new family (a new JWT login). */
export async function issueRefreshToken(
  userId: string,
  familyId: string,
  meta: RequestMeta,
  at: number,
): Promise<{ token: string; row: RefreshTokenRow }> {
  const token = generateToken();
  const row = rowFor(token, at, { userId, familyId, parentId: null, familyExpiresAt: at + env().REFRESH_ABSOLUTE_TTL * 1000 }, meta);
  await store().refreshTokens.insert(row);
  return { token, row };
}

export function findRefreshToken(token: string): Promise<{ row: RefreshTokenRow; user: UserRef } | undefined> {
  return store().refreshTokens.findByTokenHash(hashToken(token));
}

export type RotationOutcome =
  | { kind: "rotated"; token: string; row: RefreshTokenRow; user: UserRef }
  | { kind: "grace"; row: RefreshTokenRow; user: UserRef } // a second tab raced us: no new refresh token
  | { kind: "reused" | "expired" | "revoked"; row: RefreshTokenRow; user: UserRef }
  | { kind: "unknown" };

/**
 * One refresh, in one transaction: the token is found, judged and claimed, and its child
 * written, or nothing is. The conditional claim (used_at IS NULL) makes it safe across
 * processes too: of two refreshes of one token at the same instant, exactly one rotates.
 * A reuse ends the whole login through endLogin, inside the same transaction.
 */
export async function rotateRefreshToken(
  token: string,
  meta: RequestMeta,
  at: number,
  opts: { noGrace?: boolean } = {},
): Promise<RotationOutcome> {
  const tokenHash = hashToken(token);
  // Minted before the transaction: no crypto inside it.
  const childToken = generateToken();
  // Locked by the login (its family): two refreshes of one token, or a refresh and the
  // login's end, queue; other logins do not. The family is read first to name the lock,
  // then everything is read again under it.
  const seen = await store().refreshTokens.findByTokenHash(tokenHash);
  if (!seen) return { kind: "unknown" };
  return store().transaction(
    async (tx): Promise<RotationOutcome> => {
      const found = await tx.refreshTokens.findByTokenHash(tokenHash);
      if (!found) return { kind: "unknown" };
      const { row, user } = found;
      if (row.revokedAt !== null) return { kind: "revoked", row, user };
      // A child never outlives its family (expiresAt is capped), but the family's end is
      // checked on its own too: REFRESH_ABSOLUTE_TTL is the login's hard end.
      if (at >= row.expiresAt || (row.familyExpiresAt !== null && at >= row.familyExpiresAt)) return { kind: "expired", row, user };
      if (row.usedAt !== null) {
        if (!opts.noGrace && at - row.usedAt <= env().REFRESH_REUSE_GRACE * 1000) return { kind: "grace", row, user };
        await endLogin({ mode: "jwt", id: row.familyId }, "reuse_detected", { meta, detail: { tokenId: row.id } });
        return { kind: "reused", row, user };
      }
      if (!(await tx.refreshTokens.claim(row.id, at))) return { kind: "grace", row, user };
      // Rows written before the family end existed carry none: the migration filled it in.
      const family = {
        userId: row.userId,
        familyId: row.familyId,
        parentId: row.id,
        familyExpiresAt: row.familyExpiresAt ?? row.expiresAt,
      };
      const child = rowFor(childToken, at, family, meta);
      await tx.refreshTokens.insert(child);
      return { kind: "rotated", token: childToken, row: child, user };
    },
    { locks: [loginLock({ mode: "jwt", id: seen.row.familyId })] },
  );
}
