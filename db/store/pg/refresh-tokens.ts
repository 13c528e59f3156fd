import { and, asc, desc, eq, gt, isNull, max } from "drizzle-orm";
import { refreshTokens, users } from "../../schema.pg";
import type { RefreshTokensTable } from "../types";
import type { PgConn } from "./conn";

const count = (r: { rowCount: number | null }) => r.rowCount ?? 0;

// A family is one JWT login; its head is the one token not yet used (rotated).
export function refreshTokensTable(c: PgConn): RefreshTokensTable {
  const liveHead = (at: number) => and(isNull(refreshTokens.revokedAt), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, at));
  return {
    insert: (row) =>
      c.run(async (db) => {
        await db.insert(refreshTokens).values(row);
      }),
    findByTokenHash: (tokenHash) =>
      c.run(
        async (db) =>
          (
            await db
              .select({ row: refreshTokens, user: { id: users.id, username: users.username, role: users.role } })
              .from(refreshTokens)
              .innerJoin(users, eq(users.id, refreshTokens.userId))
              .where(eq(refreshTokens.tokenHash, tokenHash))
          )[0],
      ),
    // Atomic across instances (docs/decisions/038): two UPDATEs of one row are ordered by
    // its row lock; under READ COMMITTED the second re-reads `used_at` after the first
    // commits, finds it set, and changes nothing. Exactly one caller gets true.
    claim: (id, at) =>
      c.run(
        async (db) =>
          count(
            await db
              .update(refreshTokens)
              .set({ usedAt: at })
              .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt))),
          ) > 0,
      ),
    markAccessIssued: (id, at) =>
      c.run(async (db) => {
        await db.update(refreshTokens).set({ accessIssuedAt: at }).where(eq(refreshTokens.id, id));
      }),
    revokeFamily: (familyId, reason, at) =>
      c.run(async (db) =>
        count(
          await db
            .update(refreshTokens)
            .set({ revokedAt: at, revokedReason: reason })
            .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))),
        ),
      ),
    listFamily: (familyId) =>
      c.run((db) => db.select().from(refreshTokens).where(eq(refreshTokens.familyId, familyId)).orderBy(asc(refreshTokens.issuedAt))),
    familyOwner: (familyId) =>
      c.run(
        async (db) =>
          (await db.select({ u: refreshTokens.userId }).from(refreshTokens).where(eq(refreshTokens.familyId, familyId)).limit(1))[0]?.u,
      ),
    liveHeads: (userId, at) =>
      c.run((db) =>
        db
          .select()
          .from(refreshTokens)
          .where(and(eq(refreshTokens.userId, userId), liveHead(at))),
      ),
    familyLive: (familyId, at) =>
      c.run(
        async (db) =>
          (
            await db
              .select({ id: refreshTokens.id })
              .from(refreshTokens)
              .where(and(eq(refreshTokens.familyId, familyId), liveHead(at)))
              .limit(1)
          ).length > 0,
      ),
    lastAccessIssuedAt: (familyId) =>
      c.run(
        async (db) =>
          (
            await db
              .select({ last: max(refreshTokens.accessIssuedAt) })
              .from(refreshTokens)
              .where(eq(refreshTokens.familyId, familyId))
          )[0]?.last ?? null,
      ),
    listRecent: (userId, limit) =>
      c.run((db) =>
        db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId)).orderBy(desc(refreshTokens.issuedAt)).limit(limit),
      ),
  };
}
