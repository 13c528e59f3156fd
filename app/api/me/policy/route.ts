import { store } from "@/db/store";
import { setConcurrentLoginPolicy } from "@/lib/auth/account";
import { nextAuthContext } from "@/lib/auth/context";
import { requireLiveLogin } from "@/lib/auth/guards";
import { policyBody } from "@/lib/auth/validation";
import { json, readJson, route } from "@/lib/http";

// many | single-evict | single-reject: applies to the next login, in both modes. A live
// login and the current password: a copied cookie alone cannot lock the owner out.
export const PUT = route(async (req) => {
  const { concurrentLogins, currentPassword } = await readJson(req, policyBody);
  const ctx = await nextAuthContext();
  const auth = await requireLiveLogin(ctx);
  await setConcurrentLoginPolicy(auth, concurrentLogins, currentPassword, ctx);
  return json({ user: await store().users.byId(auth.user.id) });
});
