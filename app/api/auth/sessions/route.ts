import { nextAuthContext } from "@/lib/auth/context";
import { listExposureWindows } from "@/lib/auth/exposure";
import { requireAuth } from "@/lib/auth/guards";
import { listActiveLogins } from "@/lib/auth/logins";
import { browserLogin } from "@/lib/auth/modes";
import { json, route } from "@/lib/http";

// Devices: every active login of the user, both modes, with "this device" marked; and
// the JWT logins revoked lately with the requests their access tokens still got through.
export const GET = route(async () => {
  const ctx = await nextAuthContext();
  const auth = await requireAuth(ctx);
  const mine = await browserLogin(ctx);
  return json({ sessions: listActiveLogins(auth.user.id, ctx.now(), mine), exposures: listExposureWindows(auth.user.id) });
});
