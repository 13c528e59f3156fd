import "server-only";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { failureMessage } from "./messages";
import { authenticateRequest } from "./modes";
import type { AuthResult } from "./types";

export type Authed = Extract<AuthResult, { ok: true }>;

/** For route handlers: the authenticated request, or a 401 that says why. */
export async function requireAuth(ctx: AuthContext): Promise<Authed> {
  const auth = await authenticateRequest(ctx);
  if (!auth.ok) throw new ApiError(401, auth.code, failureMessage(auth.code));
  return auth;
}

/** 401 when not logged in, 403 when logged in as anyone but an admin. */
export async function requireAdmin(ctx: AuthContext): Promise<Authed> {
  const auth = await requireAuth(ctx);
  if (auth.user.role !== "admin") throw new ApiError(403, "forbidden", "Only an admin may do this.");
  return auth;
}
