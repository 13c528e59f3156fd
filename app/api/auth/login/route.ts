import { nextAuthContext } from "@/lib/auth/context";
import { logIn } from "@/lib/auth/sign-in";
import { loginBody } from "@/lib/auth/validation";
import { json, readJson, route } from "@/lib/http";

export const POST = route(async (req) => {
  const body = await readJson(req, loginBody);
  const result = await logIn(body, await nextAuthContext());
  return json(result);
});
