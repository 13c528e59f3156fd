import "server-only";
import { store } from "@/db/store";
import { listExposureWindows } from "./jwt/exposure";
import { listActiveLogins } from "./login-list";
import type { AdminUserView, LoginRef } from "./types";

/** Every account with its live logins; `current` marks the admin's own browser's login. */
export async function listUsersForAdmin(at: number, current: LoginRef | null, limit = 200): Promise<AdminUserView[]> {
  const out: AdminUserView[] = [];
  for (const u of await store().users.list(limit)) {
    out.push({ ...u, logins: await listActiveLogins(u.id, at, current), exposures: await listExposureWindows(u.id, 3, current) });
  }
  return out;
}
