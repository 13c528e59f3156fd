import { nextAuthContext } from "@/lib/auth/context";
import { endLoginsOf } from "@/lib/auth/end-login";
import { requireLiveLogin } from "@/lib/auth/guards";
import { json, route } from "@/lib/http";

// Every login of mine but this browser's.
export const POST = route(async () => {
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  const revoked = await endLoginsOf(auth.user.id, "revoked_by_user", { meta: ctx, keep: auth.login });
  return json({ revoked });
});
