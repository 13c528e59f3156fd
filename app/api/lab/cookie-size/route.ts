import { cookies } from "next/headers";
import { z } from "zod";
import { nextAuthContext } from "@/lib/auth/context";
import { signedInUser } from "@/lib/auth/guards";
import { json, readJson, route } from "@/lib/http";
import { BIG_COOKIE, BIG_COOKIE_PATH, bigToken, cookieSizeReport, setCookieLine } from "@/lib/labs/cookiesize";

const currentUser = async () => signedInUser(await nextAuthContext());

// GET: each mode's cookie sizes, how a JWT grows with claims, and whether the big test
// cookie came back from this browser (and how big it was).
export const GET = route(async () => {
  const big = (await cookies()).get(BIG_COOKIE)?.value;
  return json({
    report: await cookieSizeReport(await currentUser()),
    echo: big === undefined ? { received: false, size: 0 } : { received: true, size: Buffer.byteLength(`${BIG_COOKIE}=${big}`) },
  });
});

const body = z.strictObject({ permissions: z.number().int().min(0).max(200) });

// POST: sets a JWT with this many permission claims as a real cookie. Past 4096 bytes
// the browser drops it without a word; the next GET shows whether it arrived.
export const POST = route(async (req) => {
  const { permissions } = await readJson(req, body);
  const token = await bigToken(await currentUser(), permissions);
  const line = setCookieLine(BIG_COOKIE, token, BIG_COOKIE_PATH, 300);
  const res = json({ permissions, cookieLine: Buffer.byteLength(line) });
  res.headers.append("Set-Cookie", line);
  return res;
});

export const DELETE = route(async () => {
  (await cookies()).set(BIG_COOKIE, "", { path: BIG_COOKIE_PATH, maxAge: 0, httpOnly: true, sameSite: "lax" });
  return json({ ok: true });
});
