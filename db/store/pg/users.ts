import { asc, eq } from "drizzle-orm";
import { users } from "../../schema.pg";
import { UsernameTakenError, type UserRecord, type UsersTable } from "../types";
import type { PgConn } from "./conn";

const recordColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  preferredMode: users.preferredMode,
  concurrentLogins: users.concurrentLogins,
  createdAt: users.createdAt,
};

const first = <T>(rows: T[]): T | undefined => rows[0];

export function usersTable(c: PgConn): UsersTable {
  return {
    byId: (id) => c.run(async (db) => first(await db.select(recordColumns).from(users).where(eq(users.id, id)))),
    byUsername: (username) => c.run(async (db) => first(await db.select(recordColumns).from(users).where(eq(users.username, username)))),
    passwordHash: (id) => c.run(async (db) => first(await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)))?.h),
    insert: async (row) => {
      try {
        await c.run(async (db) => {
          await db.insert(users).values(row);
        });
      } catch (err) {
        // 23505: unique_violation (the username; the id is a fresh UUID).
        if ((err as { code?: string }).code === "23505") throw new UsernameTakenError(row.username);
        throw err;
      }
    },
    update: (id, patch) =>
      c.run(async (db) => {
        await db.update(users).set(patch).where(eq(users.id, id));
      }),
    list: (limit) =>
      c.run(async (db): Promise<UserRecord[]> => db.select(recordColumns).from(users).orderBy(asc(users.username)).limit(limit)),
  };
}
