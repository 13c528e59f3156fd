import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { logAuthEvent } from "./events";
import type { Authed } from "./guards";
import { revokeAllLogins } from "./logins";
import { verifyPassword } from "./password";
import type { ConcurrentLoginPolicy } from "./types";
import { getPasswordHash, setPassword } from "./users";

// Account settings that change who may stay logged in.

export function setConcurrentLoginPolicy(userId: string, policy: ConcurrentLoginPolicy, ctx: AuthContext): void {
  getDb().update(users).set({ concurrentLogins: policy }).where(eq(users.id, userId)).run();
  logAuthEvent({ type: "policy_changed", userId, meta: ctx, detail: { concurrentLogins: policy } });
}

/** A new password ends every other login of the user, in both modes; this one stays. */
export async function changePassword(auth: Authed, currentPassword: string, newPassword: string, ctx: AuthContext): Promise<number> {
  const hash = getPasswordHash(auth.user.id);
  if (!hash || !(await verifyPassword(currentPassword, hash))) {
    throw new ApiError(400, "wrong_password", "The current password is not right.");
  }
  await setPassword(auth.user.id, newPassword);
  const keep = auth.mode === "session" ? { sessionId: auth.loginId } : { familyId: auth.loginId };
  const ended = revokeAllLogins(auth.user.id, { reason: "password_changed", event: "session_revoked", meta: ctx }, ctx.now(), keep);
  logAuthEvent({ type: "password_changed", userId: auth.user.id, mode: auth.mode, meta: ctx, detail: { endedLogins: ended } });
  return ended;
}
