import type { Statement } from "better-sqlite3";
import { and, desc, eq, getTableColumns, getTableName, gt, isNull } from "drizzle-orm";
import type { Db } from "../../client";
import { type SessionRow, sessions, users } from "../../schema";
import type { SessionsTable, UserRef } from "../types";
import type { Conn } from "./conn";

// The hot path: findByTokenHash runs on every authenticated request. Building the SQL and
// preparing it each time cost ~10× running it, and drizzle's generic row mapping a third
// of what was left (bench/, docs/performance.md), so this one query is a plain prepared
// statement, prepared once per connection, whose column list and value mapping still
// come from the schema.
const sessionColumns = Object.entries(getTableColumns(sessions));
const LOOKUP_SQL =
  `SELECT ${sessionColumns.map(([key, col]) => `s."${col.name}" AS "${key}"`).join(", ")}, ` +
  `u."${users.id.name}" AS "_uid", u."${users.username.name}" AS "_uname", u."${users.role.name}" AS "_urole" ` +
  `FROM "${getTableName(sessions)}" s JOIN "${getTableName(users)}" u ON u."${users.id.name}" = s."${sessions.userId.name}" ` +
  `WHERE s."${sessions.tokenHash.name}" = ?`;
const lookups = new WeakMap<Db, Statement<[string], Record<string, unknown>>>();

function lookup(db: Db, tokenHash: string): { session: SessionRow; user: UserRef } | undefined {
  let stmt = lookups.get(db);
  if (!stmt) {
    stmt = db.$client.prepare<[string], Record<string, unknown>>(LOOKUP_SQL);
    lookups.set(db, stmt);
  }
  const row = stmt.get(tokenHash);
  if (!row) return undefined;
  const session: Record<string, unknown> = {};
  for (const [key, col] of sessionColumns) session[key] = row[key] === null ? null : col.mapFromDriverValue(row[key]);
  return {
    session: session as SessionRow,
    user: { id: row._uid as string, username: row._uname as string, role: row._urole as UserRef["role"] },
  };
}

export function sessionsTable(c: Conn): SessionsTable {
  return {
    insert: (row) =>
      c.run((db) => {
        db.insert(sessions).values(row).run();
      }),
    findByTokenHash: (tokenHash) => c.run((db) => lookup(db, tokenHash)),
    byId: (id) => c.run((db) => db.select().from(sessions).where(eq(sessions.id, id)).get()),
    touch: (id, lastSeenAt, idleExpiresAt) =>
      c.run((db) => {
        db.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.id, id)).run();
      }),
    revoke: (id, reason, at) =>
      c.run(
        (db) =>
          db
            .update(sessions)
            .set({ revokedAt: at, revokedReason: reason })
            .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
            .run().changes > 0,
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
          )
          .all(),
      ),
    listRecent: (userId, limit) =>
      c.run((db) => db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAt)).limit(limit).all()),
  };
}
