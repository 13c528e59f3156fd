import { and, asc, desc, eq, gt, inArray, lte, notInArray, sql } from "drizzle-orm";
import { rateLimitFailures as rl } from "../../schema";
import type { RateLimitsTable } from "../types";
import type { Conn } from "./conn";

export function rateLimitsTable(c: Conn): RateLimitsTable {
  return {
    add: (key, at, keep, windowStart) =>
      c.run((db) => {
        db.insert(rl).values({ key, at }).run();
        // Bounded: past the window, or beyond the newest `keep`, a row can change no answer.
        const newest = db.select({ id: rl.id }).from(rl).where(eq(rl.key, key)).orderBy(desc(rl.at), desc(rl.id)).limit(keep);
        db.delete(rl)
          .where(and(eq(rl.key, key), sql`(${lte(rl.at, windowStart)} OR ${notInArray(rl.id, newest)})`))
          .run();
      }),
    nthLatest: (key, since, n) =>
      c.run(
        (db) =>
          db
            .select({ at: rl.at })
            .from(rl)
            .where(and(eq(rl.key, key), gt(rl.at, since)))
            .orderBy(desc(rl.at), desc(rl.id))
            .limit(1)
            .offset(n - 1)
            .get()?.at,
      ),
    since: (key, since) =>
      c.run((db) =>
        db
          .select({ at: rl.at })
          .from(rl)
          .where(and(eq(rl.key, key), gt(rl.at, since)))
          .orderBy(asc(rl.at), asc(rl.id))
          .all()
          .map((r) => r.at),
      ),
    removeOne: (key, at) =>
      c.run((db) => {
        const one = db
          .select({ id: rl.id })
          .from(rl)
          .where(and(eq(rl.key, key), eq(rl.at, at)))
          .orderBy(desc(rl.id))
          .limit(1);
        db.delete(rl).where(inArray(rl.id, one)).run();
      }),
    clear: (key) =>
      c.run((db) => {
        db.delete(rl).where(eq(rl.key, key)).run();
      }),
  };
}
