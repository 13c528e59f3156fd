import { nextAuthContext } from "@/lib/auth/context";
import { listUserEvents } from "@/lib/auth/events";
import { requireLogin } from "@/lib/auth/guards";
import { json, route } from "@/lib/http";

export const GET = route(async () => {
  const auth = await requireLogin(await nextAuthContext());
  return json({ events: await listUserEvents(auth.user.id) });
});
