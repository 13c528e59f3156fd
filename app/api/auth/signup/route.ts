import { nextAuthContext } from "@/lib/auth/context";
import { signUp } from "@/lib/auth/sign-in";
import { signupBody } from "@/lib/auth/validation";
import { json, readJson, route } from "@/lib/http";

export const POST = route(async (req) => {
  const { username, password } = await readJson(req, signupBody);
  const user = await signUp(username, password, await nextAuthContext());
  return json({ user }, 201);
});
