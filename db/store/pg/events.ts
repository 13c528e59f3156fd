import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { authEvents } from "../../schema.pg";
import type { EventsTable } from "../types";
import type { PgConn } from "./conn";

export function eventsTable(c: PgConn): EventsTable {
  return {
    append: (e, aggregateWithinMs) =>
      c.run(async (db) => {
        if (aggregateWithinMs !== undefined) {
          const same = (col: typeof authEvents.userId | typeof authEvents.ip | typeof authEvents.mode, v: string | null) =>
            v === null ? isNull(col) : eq(col, v);
          const repeated = await db
            .update(authEvents)
            .set({ repeatCount: sql`${authEvents.repeatCount} + 1`, lastAt: e.at })
            .where(
              eq(
                authEvents.id,
                sql`(SELECT ${authEvents.id} FROM ${authEvents} WHERE ${and(
                  eq(authEvents.type, e.type),
                  gt(authEvents.at, e.at - 86_400_000),
                  gt(sql`coalesce(${authEvents.lastAt}, ${authEvents.at})`, e.at - aggregateWithinMs),
                  same(authEvents.userId, e.userId),
                  same(authEvents.ip, e.ip),
                  same(authEvents.mode, e.mode),
                )} ORDER BY ${authEvents.id} DESC LIMIT 1)`,
              ),
            );
          if ((repeated.rowCount ?? 0) > 0) return;
        }
        await db.insert(authEvents).values(e);
      }),
    listByUser: (userId, limit) =>
      c.run((db) => db.select().from(authEvents).where(eq(authEvents.userId, userId)).orderBy(desc(authEvents.id)).limit(limit)),
    listByUserAndTypes: (userId, types, opts) =>
      c.run((db) =>
        db
          .select()
          .from(authEvents)
          .where(
            and(
              eq(authEvents.userId, userId),
              inArray(authEvents.type, [...types]),
              opts.mode === undefined ? undefined : eq(authEvents.mode, opts.mode),
            ),
          )
          .orderBy(desc(authEvents.id))
          .limit(opts.limit),
      ),
  };
}
