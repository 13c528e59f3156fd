import { store } from "@/db/store";
import { nextAuthContext } from "@/lib/auth/context";
import { endLoginsOf } from "@/lib/auth/end-login";
import { logAuthEvent } from "@/lib/auth/events";
import { requireAdmin } from "@/lib/auth/guards";
import { isId } from "@/lib/auth/login-ref";
import { ApiError } from "@/lib/errors";
import { json, route } from "@/lib/http";

// Ends every login of a user. Session logins die on their next request; JWT logins lose
// their refresh token now and their access token at exp (or now, with JWT_DENYLIST=on).
export const POST = route<{ params: Promise<{ id: string }> }>(async (_req, { params }) => {
  const { id } = await params;
  const ctx = await nextAuthContext();
  const admin = await requireAdmin(ctx, { live: true });
  if (!isId(id)) throw new ApiError(400, "invalid_id", "That is not a user id.");
  if (!(await store().users.byId(id))) throw new ApiError(404, "not_found", "No such user.");
  const revoked = await endLoginsOf(id, "forced_logout", { meta: ctx, by: admin.user.id });
  await logAuthEvent({ type: "admin_forced_logout", userId: admin.user.id, meta: ctx, detail: { target: id, revoked } });
  return json({ revoked });
});
