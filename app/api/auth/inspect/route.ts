import { nextAuthContext } from "@/lib/auth/context";
import { requireLogin } from "@/lib/auth/guards";
import { inspect } from "@/lib/auth/inspect";
import { json, route } from "@/lib/http";

// What the dashboard shows: both modes' browser and server state for this user, live.
export const GET = route(async () => {
  const ctx = await nextAuthContext();
  return json(await inspect(ctx, await requireLogin(ctx)));
});
