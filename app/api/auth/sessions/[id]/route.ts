import { nextAuthContext } from "@/lib/auth/context";
import { endLogin } from "@/lib/auth/end-login";
import { requireLiveLogin } from "@/lib/auth/guards";
import { ownerOfLogin } from "@/lib/auth/login-list";
import { parseLoginKey, sameLogin } from "@/lib/auth/login-ref";
import { currentLogin, signOutEverywhereInBrowser } from "@/lib/auth/modes";
import { ApiError } from "@/lib/errors";
import { json, route } from "@/lib/http";

// End one of my logins. Another user's id answers 404 like a missing one: leak nothing.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (_req, { params }) => {
  const { id } = await params;
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  const ref = parseLoginKey(id);
  if (!ref) throw new ApiError(400, "invalid_id", "That is not a login id.");
  if ((await ownerOfLogin(ref)) !== auth.user.id) throw new ApiError(404, "not_found", "No such login.");
  if (sameLogin(ref, await currentLogin(ctx))) {
    await signOutEverywhereInBrowser(ctx, "logout");
    return json({ revoked: true, current: true });
  }
  const revoked = await endLogin(ref, "revoked_by_user", { meta: ctx });
  return json({ revoked, current: false });
});
