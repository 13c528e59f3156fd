import { nextAuthContext } from "@/lib/auth/context";
import { listUserEvents } from "@/lib/auth/events";
import { requireAuth } from "@/lib/auth/guards";
import { json, route } from "@/lib/http";

export const GET = route(async () => {
  const auth = await requireAuth(await nextAuthContext());
  return json({ events: listUserEvents(auth.user.id) });
});
