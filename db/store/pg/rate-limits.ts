import { and, asc, desc, eq, gt, inArray, lte, notInArray, sql } from "drizzle-orm";
import { rateLimitFailures as rl } from "../../schema.pg";
import type { RateLimitsTable } from "../types";
import type { PgConn } from "./conn";

export function rateLimitsTable(c: PgConn): RateLimitsTable {
  return {
    add: (key, at, keep, windowStart) =>
      c.run(async (db) => {
        await db.insert(rl).values({ key, at });
        // Bounded: past the window, or beyond the newest `keep`, a row can change no answer.
        const newest = db.select({ id: rl.id }).from(rl).where(eq(rl.key, key)).orderBy(desc(rl.at), desc(rl.id)).limit(keep);
        await db.delete(rl).where(and(eq(rl.key, key), sql`(${lte(rl.at, windowStart)} OR ${notInArray(rl.id, newest)})`));
      }),
    nthLatest: (key, since, n) =>
      c.run(
        async (db) =>
          (
            await db
              .select({ at: rl.at })
              .from(rl)
              .where(and(eq(rl.key, key), gt(rl.at, since)))
              .orderBy(desc(rl.at), desc(rl.id))
              .limit(1)
              .offset(n - 1)
          )[0]?.at,
      ),
    since: (key, since) =>
      c.run(async (db) =>
        (
          await db
            .select({ at: rl.at })
            .from(rl)
            .where(and(eq(rl.key, key), gt(rl.at, since)))
            .orderBy(asc(rl.at), asc(rl.id))
        ).map((r) => r.at),
      ),
    removeOne: (key, at) =>
      c.run(async (db) => {
        const one = db
          .select({ id: rl.id })
          .from(rl)
          .where(and(eq(rl.key, key), eq(rl.at, at)))
          .orderBy(desc(rl.id))
          .limit(1);
        await db.delete(rl).where(inArray(rl.id, one));
      }),
    clear: (key) =>
      c.run(async (db) => {
        await db.delete(rl).where(eq(rl.key, key));
      }),
  };
}
