import { readOnlyContext } from "@/lib/auth/context";
import { requireLogin } from "@/lib/auth/guards";
import { json, route } from "@/lib/http";

// The protected API the dashboard's button calls. Authorization happens here, on this
// request, from the cookie alone; the trace says exactly how (on a 401 too). A read: the
// context comes straight from the request (no cookie is ever set here).
export const GET = route(async (req) => {
  const auth = await requireLogin(readOnlyContext(req));
  return json({ user: auth.user, mode: auth.mode, trace: auth.trace });
});
