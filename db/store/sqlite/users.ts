import { asc, eq } from "drizzle-orm";
import { users } from "../../schema";
import { UsernameTakenError, type UserRecord, type UsersTable } from "../types";
import type { Conn } from "./conn";

const recordColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  preferredMode: users.preferredMode,
  concurrentLogins: users.concurrentLogins,
  createdAt: users.createdAt,
};

export function usersTable(c: Conn): UsersTable {
  return {
    byId: (id) => c.run((db) => db.select(recordColumns).from(users).where(eq(users.id, id)).get()),
    byUsername: (username) => c.run((db) => db.select(recordColumns).from(users).where(eq(users.username, username)).get()),
    passwordHash: (id) => c.run((db) => db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)).get()?.h),
    insert: (row) =>
      c.run((db) => {
        try {
          db.insert(users).values(row).run();
        } catch (err) {
          if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new UsernameTakenError(row.username);
          throw err;
        }
      }),
    update: (id, patch) =>
      c.run((db) => {
        db.update(users).set(patch).where(eq(users.id, id)).run();
      }),
    list: (limit) => c.run((db): UserRecord[] => db.select(recordColumns).from(users).orderBy(asc(users.username)).limit(limit).all()),
  };
}
