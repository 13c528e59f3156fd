import { changePassword } from "@/lib/auth/account";
import { nextAuthContext } from "@/lib/auth/context";
import { requireLiveLogin } from "@/lib/auth/guards";
import { passwordChangeBody } from "@/lib/auth/validation";
import { json, readJson, route } from "@/lib/http";

export const PUT = route(async (req) => {
  const { currentPassword, newPassword } = await readJson(req, passwordChangeBody);
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  const endedLogins = await changePassword(auth, currentPassword, newPassword, ctx);
  return json({ ok: true, endedLogins });
});
