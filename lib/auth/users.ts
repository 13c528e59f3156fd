import "server-only";
import { store, type UserRecord } from "@/db/store";
import { now } from "@/lib/clock";
import type { HashTicket } from "./hash-pool";
import { hashPassword } from "./password";
import { newId } from "./tokens";
import type { ModeName, Role, UserDTO, UserProfile } from "./types";

// Accounts: the data layer returns users without their password hash (reading the hash
// is its own call), so no query that feeds a page or a response can carry it by accident.

export { UsernameTakenError } from "@/db/store";

export function toUserDTO(u: Pick<UserRecord, "id" | "username" | "role">): UserDTO {
  return { id: u.id, username: u.username, role: u.role };
}

export async function createUser(
  username: string,
  password: string,
  opts: { role?: Role; preferredMode?: ModeName; ticket?: HashTicket } = {},
): Promise<UserProfile> {
  const profile: UserProfile = {
    id: newId(),
    username,
    role: opts.role ?? "user",
    preferredMode: opts.preferredMode ?? "session",
    concurrentLogins: "many",
    createdAt: now(),
  };
  await store().users.insert({ ...profile, passwordHash: await hashPassword(password, opts.ticket) });
  return profile;
}

export async function setPassword(userId: string, password: string, ticket?: HashTicket): Promise<void> {
  await store().users.update(userId, { passwordHash: await hashPassword(password, ticket) });
}
