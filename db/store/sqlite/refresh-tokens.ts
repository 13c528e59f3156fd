import { and, asc, desc, eq, gt, isNull, max } from "drizzle-orm";
import { refreshTokens, users } from "../../schema";
import type { RefreshTokensTable } from "../types";
import type { Conn } from "./conn";

// A family is one JWT login; its head is the one token not yet used (rotated).
export function refreshTokensTable(c: Conn): RefreshTokensTable {
  // expires_at never passes the family's end (it is capped when a token is issued).
  const liveHead = (at: number) => and(isNull(refreshTokens.revokedAt), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, at));
  return {
    insert: (row) =>
      c.run((db) => {
        db.insert(refreshTokens).values(row).run();
      }),
    findByTokenHash: (tokenHash) =>
      c.run((db) =>
        db
          .select({ row: refreshTokens, user: { id: users.id, username: users.username, role: users.role } })
          .from(refreshTokens)
          .innerJoin(users, eq(users.id, refreshTokens.userId))
          .where(eq(refreshTokens.tokenHash, tokenHash))
          .get(),
      ),
    // The conditional UPDATE is what makes rotation safe across processes: one winner.
    claim: (id, at) =>
      c.run(
        (db) =>
          db
            .update(refreshTokens)
            .set({ usedAt: at })
            .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt)))
            .run().changes > 0,
      ),
    markAccessIssued: (id, at) =>
      c.run((db) => {
        db.update(refreshTokens).set({ accessIssuedAt: at }).where(eq(refreshTokens.id, id)).run();
      }),
    revokeFamily: (familyId, reason, at) =>
      c.run(
        (db) =>
          db
            .update(refreshTokens)
            .set({ revokedAt: at, revokedReason: reason })
            .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
            .run().changes,
      ),
    listFamily: (familyId) =>
      c.run((db) => db.select().from(refreshTokens).where(eq(refreshTokens.familyId, familyId)).orderBy(asc(refreshTokens.issuedAt)).all()),
    familyOwner: (familyId) =>
      c.run(
        (db) => db.select({ u: refreshTokens.userId }).from(refreshTokens).where(eq(refreshTokens.familyId, familyId)).limit(1).get()?.u,
      ),
    liveHeads: (userId, at) =>
      c.run((db) =>
        db
          .select()
          .from(refreshTokens)
          .where(and(eq(refreshTokens.userId, userId), liveHead(at)))
          .all(),
      ),
    familyLive: (familyId, at) =>
      c.run(
        (db) =>
          db
            .select({ id: refreshTokens.id })
            .from(refreshTokens)
            .where(and(eq(refreshTokens.familyId, familyId), liveHead(at)))
            .limit(1)
            .get() !== undefined,
      ),
    lastAccessIssuedAt: (familyId) =>
      c.run(
        (db) =>
          db
            .select({ last: max(refreshTokens.accessIssuedAt) })
            .from(refreshTokens)
            .where(eq(refreshTokens.familyId, familyId))
            .get()?.last ?? null,
      ),
    listRecent: (userId, limit) =>
      c.run((db) =>
        db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId)).orderBy(desc(refreshTokens.issuedAt)).limit(limit).all(),
      ),
  };
}
