import { nextAuthContext } from "@/lib/auth/context";
import { requireLiveLogin } from "@/lib/auth/guards";
import { revokeAllLogins } from "@/lib/auth/logins";
import { browserLogin } from "@/lib/auth/modes";
import { json, route } from "@/lib/http";

export const POST = route(async () => {
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  const revoked = revokeAllLogins(
    auth.user.id,
    { reason: "revoked_by_user", event: "session_revoked", meta: ctx },
    ctx.now(),
    await browserLogin(ctx),
  );
  return json({ revoked });
});
