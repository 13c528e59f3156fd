import { nextAuthContext } from "@/lib/auth/context";
import { requireLogin } from "@/lib/auth/guards";
import { listExposureWindows } from "@/lib/auth/jwt/exposure";
import { listActiveLogins } from "@/lib/auth/login-list";
import { currentLogin } from "@/lib/auth/modes";
import { json, route } from "@/lib/http";

// Devices: every active login of the user, both modes, with "this device" marked; and
// the JWT logins revoked lately with the requests their access tokens still got through.
export const GET = route(async () => {
  const ctx = await nextAuthContext();
  const auth = await requireLogin(ctx);
  const current = await currentLogin(ctx);
  return json({
    sessions: await listActiveLogins(auth.user.id, ctx.now(), current),
    exposures: await listExposureWindows(auth.user.id, 10, current),
  });
});
