import { setConcurrentLoginPolicy } from "@/lib/auth/account";
import { nextAuthContext } from "@/lib/auth/context";
import { requireAuth } from "@/lib/auth/guards";
import { getUserProfile } from "@/lib/auth/users";
import { policyBody } from "@/lib/auth/validation";
import { json, readJson, route } from "@/lib/http";

// many | single-evict | single-reject: applies to the next login, in both modes.
export const PUT = route(async (req) => {
  const { concurrentLogins } = await readJson(req, policyBody);
  const ctx = await nextAuthContext();
  const auth = await requireAuth(ctx);
  setConcurrentLoginPolicy(auth.user.id, concurrentLogins, ctx);
  return json({ user: getUserProfile(auth.user.id) });
});
