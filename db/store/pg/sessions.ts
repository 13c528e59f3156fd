import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { sessions, users } from "../../schema.pg";
import type { SessionsTable } from "../types";
import type { PgConn, PgDb } from "./conn";

function prepareLookup(db: PgDb) {
  return db
    .select({ session: sessions, user: { id: users.id, username: users.username, role: users.role } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder("h")))
    .prepare("session_by_token_hash");
}

// Built once per handle (the pool's, or a transaction's), not per request: building the
// query cost more than running it on SQLite (docs/performance.md); the server parses the
// named statement once per pooled connection.
const lookups = new WeakMap<PgDb, ReturnType<typeof prepareLookup>>();

const count = (r: { rowCount: number | null }) => r.rowCount ?? 0;

export function sessionsTable(c: PgConn): SessionsTable {
  return {
    insert: (row) =>
      c.run(async (db) => {
        await db.insert(sessions).values(row);
      }),
    // The hot path: one indexed lookup by the token's hash.
    findByTokenHash: (tokenHash) =>
      c.run(async (db) => {
        let stmt = lookups.get(db);
        if (!stmt) {
          stmt = prepareLookup(db);
          lookups.set(db, stmt);
        }
        return (await stmt.execute({ h: tokenHash }))[0];
      }),
    byId: (id) => c.run(async (db) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]),
    touch: (id, lastSeenAt, idleExpiresAt) =>
      c.run(async (db) => {
        await db.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.id, id));
      }),
    revoke: (id, reason, at) =>
      c.run(
        async (db) =>
          count(
            await db
              .update(sessions)
              .set({ revokedAt: at, revokedReason: reason })
              .where(and(eq(sessions.id, id), isNull(sessions.revokedAt))),
          ) > 0,
      ),
    listLive: (userId, at) =>
      c.run((db) =>
        db
          .select()
          .from(sessions)
          .where(
            and(
              eq(sessions.userId, userId),
              isNull(sessions.revokedAt),
              gt(sessions.absoluteExpiresAt, at),
              gt(sessions.idleExpiresAt, at),
            ),
          ),
      ),
    listRecent: (userId, limit) =>
      c.run((db) => db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAt)).limit(limit)),
  };
}
