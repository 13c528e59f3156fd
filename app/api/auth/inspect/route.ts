import { readOnlyContext } from "@/lib/auth/context";
import { requireLogin } from "@/lib/auth/guards";
import { inspect } from "@/lib/auth/inspect";
import { json, route } from "@/lib/http";

// What the dashboard shows: both modes' browser and server state for this user, live.
// ?with=devices adds the devices view (logins, revocation gaps, events), so the dashboard
// polls this one endpoint instead of three.
export const GET = route(async (req) => {
  const ctx = readOnlyContext(req);
  const devices = new URL(req.url).searchParams.get("with") === "devices";
  return json(await inspect(ctx, await requireLogin(ctx), { devices }));
});
