import { nextAuthContext } from "@/lib/auth/context";
import { requireLiveLogin } from "@/lib/auth/guards";
import { switchMode } from "@/lib/auth/sign-in";
import { modeBody } from "@/lib/auth/validation";
import { json, readJson, route } from "@/lib/http";

// Switch mode: revoke and clear the old mode's credentials, issue the new ones, save
// the preference. It issues a new login, so an ended login may not do it.
export const PUT = route(async (req) => {
  const { mode } = await readJson(req, modeBody);
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  return json(await switchMode(auth.user.id, mode, ctx));
});
