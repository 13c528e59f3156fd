import { nextAuthContext } from "@/lib/auth/context";
import { signOutEverywhereInBrowser } from "@/lib/auth/modes";
import { json, route } from "@/lib/http";

// Idempotent: logging out twice, or without a login, is still a 200.
export const POST = route(async () => {
  await signOutEverywhereInBrowser(await nextAuthContext(), "logout");
  return json({ ok: true });
});
