import { nextAuthContext } from "@/lib/auth/context";
import { inspect } from "@/lib/auth/inspect";
import { failureMessage } from "@/lib/auth/messages";
import { authenticateRequest } from "@/lib/auth/modes";
import { errorBody } from "@/lib/errors";
import { json, route } from "@/lib/http";

// What the dashboard shows: both modes' browser and server state for this user, live.
export const GET = route(async () => {
  const ctx = await nextAuthContext();
  const auth = await authenticateRequest(ctx);
  if (!auth.ok) return json({ ...errorBody(auth.code, failureMessage(auth.code)), trace: auth.trace }, 401);
  return json(await inspect(ctx, auth));
});
