import { and, gt, inArray, lte, sql } from "drizzle-orm";
import { jwtDenylist } from "../../schema.pg";
import type { DenylistTable } from "../types";
import type { PgConn } from "./conn";

export function denylistTable(c: PgConn): DenylistTable {
  return {
    add: (row) =>
      c.run(async (db) => {
        await db.insert(jwtDenylist).values(row).onConflictDoNothing();
      }),
    // Paid on every JWT request when JWT_DENYLIST=on: a named prepared statement.
    find: ([a, b], at) =>
      c.run(async (db) => {
        const rows = await db
          .select({ key: jwtDenylist.key, revokedAt: jwtDenylist.revokedAt, reason: jwtDenylist.reason })
          .from(jwtDenylist)
          .where(
            and(inArray(jwtDenylist.key, [sql.placeholder("a"), sql.placeholder("b")]), gt(jwtDenylist.expiresAt, sql.placeholder("at"))),
          )
          .limit(1)
          .prepare("denylist_find")
          .execute({ a, b, at });
        return rows[0];
      }),
    listInForce: (at) => c.run((db) => db.select().from(jwtDenylist).where(gt(jwtDenylist.expiresAt, at))),
    deleteExpired: (at) => c.run(async (db) => (await db.delete(jwtDenylist).where(lte(jwtDenylist.expiresAt, at))).rowCount ?? 0),
  };
}
