import "server-only";
import { store } from "@/db/store";
import { env } from "@/lib/env";
import { normalizeUsername } from "./account-rules";
import { hashPassword } from "./password";
import type { ModeName, Role } from "./types";
import { createUser } from "./users";

// Demo accounts, so a first visitor can log in at once. Their passwords are public on
// purpose (the login page lists them); a real deployment sets AUTHLAB_DEMO=0 and
// ADMIN_USERNAME / ADMIN_PASSWORD.

interface SeedAccount {
  username: string;
  password: string;
  role: Role;
  preferredMode: ModeName;
}

const DEMO_USERS: SeedAccount[] = [
  { username: "alice", password: "alice-demo-pass", role: "user", preferredMode: "session" },
  { username: "bob", password: "bob-demo-pass", role: "user", preferredMode: "jwt" },
];
const DEMO_ADMIN: SeedAccount = { username: "admin", password: "admin-demo-pass", role: "admin", preferredMode: "session" };

export function listDemoAccounts(): Array<{ username: string; password: string; role: Role }> {
  const e = env();
  if (e.AUTHLAB_DEMO === "0") return [];
  const list = e.ADMIN_USERNAME ? DEMO_USERS : [...DEMO_USERS, DEMO_ADMIN];
  return list.map(({ username, password, role }) => ({ username, password, role }));
}

export async function seedAccounts(): Promise<void> {
  const e = env();
  if (e.AUTHLAB_DEMO !== "0") {
    for (const a of e.ADMIN_USERNAME ? DEMO_USERS : [...DEMO_USERS, DEMO_ADMIN]) {
      if (!(await store().users.byUsername(a.username))) {
        await createUser(a.username, a.password, { role: a.role, preferredMode: a.preferredMode }).catch(() => {});
      }
    }
  }
  if (e.ADMIN_USERNAME && e.ADMIN_PASSWORD) {
    const username = normalizeUsername(e.ADMIN_USERNAME);
    const existing = await store().users.byUsername(username);
    if (existing) {
      await store().users.update(existing.id, { role: "admin", passwordHash: await hashPassword(e.ADMIN_PASSWORD) });
    } else {
      await createUser(username, e.ADMIN_PASSWORD, { role: "admin" });
    }
  }
}
