import { nextAuthContext } from "@/lib/auth/context";
import { failureMessage } from "@/lib/auth/messages";
import { authenticateRequest } from "@/lib/auth/modes";
import { errorBody } from "@/lib/errors";
import { json, route } from "@/lib/http";

// The protected API the dashboard's button calls. Authorization happens here, on this
// request, from the cookie alone; the trace says exactly how.
export const GET = route(async () => {
  const auth = await authenticateRequest(await nextAuthContext());
  if (!auth.ok) return json({ ...errorBody(auth.code, failureMessage(auth.code)), trace: auth.trace }, 401);
  return json({ user: auth.user, mode: auth.mode, trace: auth.trace });
});
