import { nextAuthContext } from "@/lib/auth/context";
import { requireLogin } from "@/lib/auth/guards";
import { devicesView } from "@/lib/auth/inspect";
import { json, route } from "@/lib/http";

// Devices: every active login of the user, both modes, with "this device" marked; and
// the JWT logins revoked lately with the requests their access tokens still got through.
export const GET = route(async () => {
  const ctx = await nextAuthContext();
  const { sessions, exposures } = await devicesView(ctx, await requireLogin(ctx));
  return json({ sessions, exposures });
});
