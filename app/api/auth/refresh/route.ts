import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { nextAuthContext } from "@/lib/auth/context";
import { REFRESH_COOKIE } from "@/lib/auth/cookies";
import { refreshJwt } from "@/lib/auth/jwt/refresh";
import { failureMessage } from "@/lib/auth/messages";
import { safeNextPath } from "@/lib/auth/redirects";
import { ApiError } from "@/lib/errors";
import { json, route } from "@/lib/http";

// POST: the API (fetch wrappers, curl). Rotates the refresh token, issues an access token.
export const POST = route(async () => {
  const outcome = await refreshJwt(await nextAuthContext());
  if (!outcome.ok) throw new ApiError(401, outcome.code, failureMessage(outcome.code));
  return json({ ok: true, rotated: outcome.rotated, user: outcome.user, mode: "jwt" });
});

// GET ?next=/path: a page whose access token expired is sent here (the refresh cookie
// is scoped to /api/auth, so pages never see it), refreshed, and sent back. The user
// never sees the login page while the refresh token is valid.
export const GET = route(async (req) => {
  const url = new URL(req.url);
  const next = safeNextPath(url.searchParams.get("next"));
  // No refresh cookie at all: a first visit (or one long gone), not a refresh that failed.
  // The login page says "log in to see this" rather than "your refresh token is invalid".
  if (!(await cookies()).has(REFRESH_COOKIE.name)) {
    return new NextResponse(null, {
      status: 303,
      headers: { Location: `/login?next=${encodeURIComponent(next)}`, "Cache-Control": "no-store" },
    });
  }
  const outcome = await refreshJwt(await nextAuthContext());
  const target = outcome.ok ? next : `/login?next=${encodeURIComponent(next)}&reason=${outcome.code}`;
  // A relative Location: never trust the Host header to build an absolute URL.
  return new NextResponse(null, { status: 303, headers: { Location: target, "Cache-Control": "no-store" } });
});
