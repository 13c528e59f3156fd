import { type NextRequest, NextResponse } from "next/server";

// Optimistic redirects only: a request to a protected page with no credential cookie
// at all cannot be anyone, so skip rendering and send it to /login. Whether a cookie
// that IS present is valid is decided by the page itself (lib/auth/dal.ts), never here.
const CREDENTIAL_COOKIES = ["authlab_session", "authlab_access"];

export function proxy(req: NextRequest): NextResponse {
  const hasCredential = CREDENTIAL_COOKIES.some((name) => req.cookies.has(name));
  if (hasCredential) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?next=${encodeURIComponent(req.nextUrl.pathname)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/dashboard/:path*", "/admin/:path*"] };
