import { nextAuthContext } from "@/lib/auth/context";
import { switchMode } from "@/lib/auth/login";
import { failureMessage } from "@/lib/auth/messages";
import { authenticateRequest } from "@/lib/auth/modes";
import { modeBody } from "@/lib/auth/validation";
import { ApiError } from "@/lib/errors";
import { json, readJson, route } from "@/lib/http";

// Switch mode: revoke and clear the old mode's credentials, issue the new ones, save
// the preference.
export const PUT = route(async (req) => {
  const { mode } = await readJson(req, modeBody);
  const ctx = await nextAuthContext();
  const auth = await authenticateRequest(ctx);
  if (!auth.ok) throw new ApiError(401, auth.code, failureMessage(auth.code));
  return json(await switchMode(auth.user.id, mode, ctx));
});
