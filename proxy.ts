import { type NextRequest, NextResponse } from "next/server";
import { ACCESS_COOKIE, SESSION_COOKIE } from "@/lib/auth/cookies";
import { isSiteRequest } from "@/lib/site";

// Three jobs, all cheap and none a security decision about who is logged in (0: the
// request names this site at all):
//  1. Optimistic redirects: a request to a protected page with no credential cookie at
//     all cannot be anyone, so skip rendering and send it to /login. Whether a cookie that
//     IS present is valid is decided by the page itself (lib/auth/dal.ts), never here.
//  2. A fresh nonce per page and the Content-Security-Policy that names it. Next reads the
//     nonce from the request's CSP header and puts it on its own scripts, so no inline
//     script without it can run (docs/security.md). The static headers (nosniff,
//     Referrer-Policy, Permissions-Policy…) come from next.config.mjs.
// The refresh cookie is not listed: its Path keeps it away from pages.
const PAGE_CREDENTIAL_COOKIES = [SESSION_COOKIE.name, ACCESS_COOKIE.name];
// Not /admin: that page answers 401/403 itself (app/admin/page.tsx), like /api/admin.
const PROTECTED_PREFIXES = ["/dashboard"];

function isProtected(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

function contentSecurityPolicy(nonce: string, opts: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts that a nonced script loads are trusted; nothing else is.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React writes a few widths as style attributes (progress bars); an attribute cannot run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function proxy(req: NextRequest): NextResponse {
  // DNS rebinding: a page asked for under a name this server does not answer as (lib/site.ts).
  if (!isSiteRequest(req.headers)) {
    const error = {
      code: "wrong_host",
      message: "This server does not answer for that host name. Use the site's own address (APP_ORIGIN).",
    };
    return NextResponse.json({ error }, { status: 421, headers: { "Cache-Control": "no-store" } });
  }
  if (isProtected(req.nextUrl.pathname) && !PAGE_CREDENTIAL_COOKIES.some((name) => req.cookies.has(name))) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(req.nextUrl.pathname)}`;
    return NextResponse.redirect(url);
  }
  // 128 random bits, new for every page view.
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = contentSecurityPolicy(nonce, {
    https: req.headers.get("x-forwarded-proto") === "https",
    dev: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

// Every page (the CSP must cover them all), but not the API (JSON gets a static
// `default-src 'none'` policy from next.config.mjs) nor build assets.
export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|robots.txt).*)"],
};
