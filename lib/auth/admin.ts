import "server-only";
import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { type ExposureWindow, listExposureWindows } from "./exposure";
import { type LoginItem, listActiveLogins } from "./logins";
import type { UserProfile } from "./types";

export interface AdminUserView extends UserProfile {
  logins: LoginItem[];
  exposures: ExposureWindow[];
}

export function listUsersForAdmin(at: number, limit = 200): AdminUserView[] {
  return getDb()
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      preferredMode: users.preferredMode,
      concurrentLogins: users.concurrentLogins,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.username))
    .limit(limit)
    .all()
    .map((u) => ({ ...u, logins: listActiveLogins(u.id, at), exposures: listExposureWindows(u.id, 3) }));
}
