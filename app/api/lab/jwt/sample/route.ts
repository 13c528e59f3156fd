import { nextAuthContext } from "@/lib/auth/context";
import { signedInUser } from "@/lib/auth/guards";
import { json, route } from "@/lib/http";
import { LAB_AUDIENCE, signLabToken } from "@/lib/labs/lab-jwt";

// A real JWT signed by this server's key, whole (signature included), to decode and
// tamper with. Its audience is the lab's: it can never be used as an access token.
export const POST = route(async () => {
  const ctx = await nextAuthContext();
  const user = (await signedInUser(ctx)) ?? { id: "guest", username: "guest", role: "user" as const };
  const token = await signLabToken(LAB_AUDIENCE, { sub: user.id, name: user.username, role: user.role }, 600, ctx.now());
  return json({ token });
});
