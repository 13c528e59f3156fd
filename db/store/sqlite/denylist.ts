import { and, gt, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../client";
import { jwtDenylist } from "../../schema";
import type { DenylistTable } from "../types";
import type { Conn } from "./conn";

function prepareLookup(db: Db) {
  return db
    .select({ key: jwtDenylist.key, revokedAt: jwtDenylist.revokedAt, reason: jwtDenylist.reason })
    .from(jwtDenylist)
    .where(and(inArray(jwtDenylist.key, [sql.placeholder("a"), sql.placeholder("b")]), gt(jwtDenylist.expiresAt, sql.placeholder("at"))))
    .prepare();
}

// Paid on every JWT request when JWT_DENYLIST=on: prepared once per connection.
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();

export function denylistTable(c: Conn): DenylistTable {
  return {
    add: (row) =>
      c.run((db) => {
        db.insert(jwtDenylist).values(row).onConflictDoNothing().run();
      }),
    find: ([a, b], at) =>
      c.run((db) => {
        let stmt = lookups.get(db);
        if (!stmt) {
          stmt = prepareLookup(db);
          lookups.set(db, stmt);
        }
        return stmt.get({ a, b, at });
      }),
    listInForce: (at) => c.run((db) => db.select().from(jwtDenylist).where(gt(jwtDenylist.expiresAt, at)).all()),
    deleteExpired: (at) => c.run((db) => db.delete(jwtDenylist).where(lte(jwtDenylist.expiresAt, at)).run().changes),
  };
}
