import { nextAuthContext } from "@/lib/auth/context";
import { endLogin } from "@/lib/auth/end-login";
import { requireAdmin } from "@/lib/auth/guards";
import { ownerOfLogin } from "@/lib/auth/login-list";
import { parseLoginKey } from "@/lib/auth/login-ref";
import { ApiError } from "@/lib/errors";
import { json, route } from "@/lib/http";

// Ends one login of any user.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (_req, { params }) => {
  const { id } = await params;
  const ctx = await nextAuthContext();
  const admin = await requireAdmin(ctx, { live: true });
  const ref = parseLoginKey(id);
  if (!ref) throw new ApiError(400, "invalid_id", "That is not a login id.");
  if (!(await ownerOfLogin(ref))) throw new ApiError(404, "not_found", "No such login.");
  const revoked = await endLogin(ref, "forced_logout", { meta: ctx, by: admin.user.id });
  return json({ revoked });
});
