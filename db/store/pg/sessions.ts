import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { sessions, users } from "../../schema.pg";
import type { SessionsTable } from "../types";
import type { PgConn } from "./conn";

const count = (r: { rowCount: number | null }) => r.rowCount ?? 0;

export function sessionsTable(c: PgConn): SessionsTable {
  return {
    insert: (row) =>
      c.run(async (db) => {
        await db.insert(sessions).values(row);
      }),
    // The hot path: one indexed lookup, a named prepared statement (parsed once per
    // pooled connection by the server).
    findByTokenHash: (tokenHash) =>
      c.run(async (db) => {
        const rows = await db
          .select({ session: sessions, user: { id: users.id, username: users.username, role: users.role } })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(eq(sessions.tokenHash, sql.placeholder("h")))
          .prepare("session_by_token_hash")
          .execute({ h: tokenHash });
        return rows[0];
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
