import { nextAuthContext } from "@/lib/auth/context";
import { requireAdmin } from "@/lib/auth/guards";
import { ownerOfLogin, parseLoginId, revokeLogin } from "@/lib/auth/logins";
import { ApiError } from "@/lib/errors";
import { json, route } from "@/lib/http";

// Ends one login of any user.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (_req, { params }) => {
  const { id } = await params;
  const ctx = await nextAuthContext();
  const admin = await requireAdmin(ctx, { live: true });
  const ref = parseLoginId(id);
  if (!ref) throw new ApiError(400, "invalid_id", "That is not a login id.");
  const owner = ownerOfLogin(ref);
  if (!owner) throw new ApiError(404, "not_found", "No such login.");
  const revoked = revokeLogin(owner, ref, { reason: "forced_logout", event: "forced_logout", meta: ctx, by: admin.user.id }, ctx.now());
  return json({ revoked });
});
