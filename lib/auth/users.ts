import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type UserRow, users } from "@/db/schema";
import { now } from "@/lib/clock";
import { hashPassword } from "./password";
import { newId } from "./tokens";
import type { ModeName, Role, UserDTO, UserProfile } from "./types";

// Users without their password hash: reading the hash is its own call, so no query
// that feeds a page or a response can carry it by accident.

const profileColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  preferredMode: users.preferredMode,
  concurrentLogins: users.concurrentLogins,
  createdAt: users.createdAt,
};

export function toUserDTO(u: Pick<UserRow, "id" | "username" | "role">): UserDTO {
  return { id: u.id, username: u.username, role: u.role };
}

export function getUserProfile(userId: string): UserProfile | undefined {
  return getDb().select(profileColumns).from(users).where(eq(users.id, userId)).get();
}

export function findUserByUsername(username: string): UserProfile | undefined {
  return getDb().select(profileColumns).from(users).where(eq(users.username, username)).get();
}

export function getPasswordHash(userId: string): string | undefined {
  return getDb().select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.h;
}

export class UsernameTakenError extends Error {}

export async function createUser(
  username: string,
  password: string,
  opts: { role?: Role; preferredMode?: ModeName } = {},
): Promise<UserProfile> {
  const passwordHash = await hashPassword(password);
  const row = {
    id: newId(),
    username,
    passwordHash,
    role: opts.role ?? "user",
    preferredMode: opts.preferredMode ?? "session",
    concurrentLogins: "many" as const,
    createdAt: now(),
  };
  try {
    getDb().insert(users).values(row).run();
  } catch (err) {
    if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new UsernameTakenError(username);
    throw err;
  }
  const { passwordHash: _omit, ...profile } = row;
  return profile;
}

export function setPreferredMode(userId: string, mode: ModeName): void {
  getDb().update(users).set({ preferredMode: mode }).where(eq(users.id, userId)).run();
}

export async function setPassword(userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  getDb().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}
