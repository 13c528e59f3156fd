import "server-only";
import { cookies, headers } from "next/headers";
import { clientAddress } from "@/lib/client-address";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { loginClockFor } from "./clock-source";
import type { LoginClock } from "./contract";
import { type CookieSpec, CREDENTIAL_COOKIES } from "./cookies";

// What a mode needs from one request: its cookies (read, and in route handlers and
// server actions, write), who is calling, and the clock. Modes never touch Next
// directly, so unit tests drive them with a plain in-memory context.

export interface RequestMeta {
  userAgent: string | null;
  ip: string | null;
  secure: boolean; // came over HTTPS: credential cookies get the Secure flag
  /**
   * The page sent this on its own (the dashboard's poll, an automatic refresh), not the
   * person: the client's label (X-AuthLab-Background), used only to sort what is shown.
   */
  background?: boolean;
}

export interface AuthContext extends RequestMeta {
  getCookie(name: string): string | undefined;
  setCookie(spec: CookieSpec, value: string, maxAgeSeconds: number): void;
  clearCookie(spec: CookieSpec): void;
  /** Real time, for everything but a lab login's own expiry checks. */
  now(): number;
  /**
   * The time a given login lives in: real time, except for a demo lab's own throwaway
   * login when the request carries that lab's clock handle (lib/demo-clock.ts).
   */
  clock: LoginClock;
}

export function requestMetaFrom(h: Headers): RequestMeta {
  return {
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
    // The socket address, or the client as the trusted proxies saw it (TRUST_PROXY).
    ip: clientAddress(h, env().TRUST_PROXY),
    // lib/serve.mjs deletes a client-sent X-Forwarded-Proto unless a proxy is trusted.
    secure: h.get("x-forwarded-proto") === "https",
    background: h.get("x-authlab-background") === "1",
  };
}

/**
 * A credential cookie that arrives twice (same name, another Path or Domain: cookie
 * tossing) is ambiguous: which copy wins depends on the parser. Both are ignored: the
 * mode sees this value, which nothing accepts, and the request is not logged in.
 */
export const AMBIGUOUS_COOKIE = "ambiguous:sent-more-than-once";

export function duplicatedCredentialCookies(cookieHeader: string | null): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const pair of (cookieHeader ?? "").split(";")) {
    const name = pair.split("=", 1)[0]?.trim() ?? "";
    if (!CREDENTIAL_COOKIES.some((c) => c.name === name)) continue;
    if (seen.has(name)) twice.add(name);
    seen.add(name);
  }
  return twice;
}

/** A Cookie header's values by name (the first of each: duplicates are handled apart). */
function parseCookieHeader(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (header ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, pair.slice(eq + 1).trim());
  }
  return out;
}

/**
 * A read-only context straight from the Request, for the hottest reads (GET /api/me,
 * GET /api/auth/inspect): authentication never writes cookies, so the route can skip
 * Next's cookies() and headers() (measurably cheaper per request, docs/performance.md).
 * Writing a cookie through it is a programming error and throws.
 */
export function readOnlyContext(req: Request): AuthContext {
  const h = req.headers;
  const cookieHeader = h.get("cookie");
  const jar = parseCookieHeader(cookieHeader);
  const ambiguous = duplicatedCredentialCookies(cookieHeader);
  const refuse = () => {
    throw new Error("readOnlyContext: this route may not set cookies");
  };
  return {
    ...requestMetaFrom(h),
    now,
    clock: loginClockFor(h),
    getCookie: (name) => {
      if (ambiguous.has(name)) return AMBIGUOUS_COOKIE;
      const v = jar.get(name);
      // As Next's cookie jar does: values are URI-decoded, and one that is not valid
      // percent-encoding is dropped (the request then carries no such cookie).
      if (v === undefined) return undefined;
      try {
        return decodeURIComponent(v);
      } catch {
        return undefined;
      }
    },
    setCookie: refuse,
    clearCookie: refuse,
  };
}

/** The context of the current Next request (route handler, server action or page). */
export async function nextAuthContext(): Promise<AuthContext> {
  const jar = await cookies();
  const h = await headers();
  const meta = requestMetaFrom(h);
  const ambiguous = duplicatedCredentialCookies(h.get("cookie"));
  return {
    ...meta,
    now,
    // A handle, never a time: it moves only the lab logins bound to it (demo mode only).
    clock: loginClockFor(h),
    getCookie: (name) => (ambiguous.has(name) ? AMBIGUOUS_COOKIE : jar.get(name)?.value),
    setCookie: (spec, value, maxAge) =>
      jar.set(spec.name, value, {
        path: spec.path,
        httpOnly: spec.httpOnly,
        sameSite: spec.sameSite,
        secure: meta.secure,
        maxAge: Math.max(0, Math.floor(maxAge)),
      }),
    clearCookie: (spec) =>
      jar.set(spec.name, "", {
        path: spec.path,
        httpOnly: spec.httpOnly,
        sameSite: spec.sameSite,
        secure: meta.secure,
        maxAge: 0,
        expires: new Date(0),
      }),
  };
}
