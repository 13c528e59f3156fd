import "server-only";
import { cookies, headers } from "next/headers";
import { now } from "@/lib/clock";
import type { CookieSpec } from "./cookies";

// What a mode needs from one request: its cookies (read, and in route handlers and
// server actions, write), who is calling, and the clock. Modes never touch Next
// directly, so unit tests drive them with a plain in-memory context.

export interface RequestMeta {
  userAgent: string | null;
  ip: string | null;
  secure: boolean; // came over HTTPS: credential cookies get the Secure flag
}

export interface AuthContext extends RequestMeta {
  getCookie(name: string): string | undefined;
  setCookie(spec: CookieSpec, value: string, maxAgeSeconds: number): void;
  clearCookie(spec: CookieSpec): void;
  now(): number;
}

export function requestMetaFrom(h: Headers): RequestMeta {
  // The rightmost X-Forwarded-For entry is the one the nearest proxy added (Next adds
  // the socket address when there is none). Entries to its left are whatever the client
  // claimed, so they are never trusted. See docs/security.md for deployments.
  const forwarded = h.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return {
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
    ip: forwarded || h.get("x-real-ip") || null,
    secure: h.get("x-forwarded-proto") === "https",
  };
}

/** The context of the current Next request (route handler, server action or page). */
export async function nextAuthContext(): Promise<AuthContext> {
  const jar = await cookies();
  const meta = requestMetaFrom(await headers());
  return {
    ...meta,
    now,
    getCookie: (name) => jar.get(name)?.value,
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
