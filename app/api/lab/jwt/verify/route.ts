import { z } from "zod";
import { nextAuthContext } from "@/lib/auth/context";
import { json, readJson, route } from "@/lib/http";
import { LAB_AUDIENCE, verifyLabToken } from "@/lib/labs/lab-jwt";

const body = z.strictObject({ token: z.string().min(1).max(4096) });

// Checks a lab token the way the server checks any JWT: signature first, then claims.
export const POST = route(async (req) => {
  const { token } = await readJson(req, body);
  const ctx = await nextAuthContext();
  return json(await verifyLabToken(token, LAB_AUDIENCE, ctx.now()));
});
