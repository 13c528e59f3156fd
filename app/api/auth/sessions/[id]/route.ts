import { nextAuthContext } from "@/lib/auth/context";
import { requireLiveLogin } from "@/lib/auth/guards";
import { loginBelongsTo, parseLoginId, revokeLogin } from "@/lib/auth/logins";
import { browserLogin, signOutEverywhereInBrowser } from "@/lib/auth/modes";
import { ApiError } from "@/lib/errors";
import { json, route } from "@/lib/http";

// End one of my logins. Another user's id answers 404 like a missing one: leak nothing.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (_req, { params }) => {
  const { id } = await params;
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  const ref = parseLoginId(id);
  if (!ref) throw new ApiError(400, "invalid_id", "That is not a login id.");
  if (!loginBelongsTo(auth.user.id, ref)) throw new ApiError(404, "not_found", "No such login.");
  const mine = await browserLogin(ctx);
  const isThisDevice =
    (ref.mode === "session" && ref.sessionId === mine.sessionId) || (ref.mode === "jwt" && ref.familyId === mine.familyId);
  if (isThisDevice) {
    await signOutEverywhereInBrowser(ctx, "logout");
    return json({ revoked: true, current: true });
  }
  const revoked = revokeLogin(auth.user.id, ref, { reason: "revoked_by_user", event: "session_revoked", meta: ctx }, ctx.now());
  return json({ revoked, current: false });
});
