// Plain constants, no secrets: proxy.ts and the request inspector read the same names.

// One cookie helper. Every credential cookie is HttpOnly (scripts cannot read it),
// SameSite=Lax (not sent on cross-site subrequests), Secure whenever the request came
// over HTTPS, and scoped to the narrowest Path that still reaches every route that
// needs it (docs/decisions/003-where-tokens-live.md).

import type { CookieView } from "./types";

export interface CookieSpec {
  name: string;
  path: string;
  httpOnly: boolean;
  sameSite: "lax" | "strict";
}

export const SESSION_COOKIE: CookieSpec = { name: "authlab_session", path: "/", httpOnly: true, sameSite: "lax" };
export const ACCESS_COOKIE: CookieSpec = { name: "authlab_access", path: "/", httpOnly: true, sameSite: "lax" };
// Only endpoints under /api/auth receive it (refresh, logout, login, signup, inspect,
// sessions), and only refresh, logout and a new login act on it: a page request, an API
// call or an XSS-driven fetch to /api/me never carries it. Not narrower: logout must
// find the family to revoke it (docs/decisions/003-where-tokens-live.md).
export const REFRESH_COOKIE: CookieSpec = { name: "authlab_refresh", path: "/api/auth", httpOnly: true, sameSite: "lax" };
// Not a credential: remembers the mode this browser last used, to preselect the toggle.
export const PREF_MODE_COOKIE: CookieSpec = { name: "authlab_pref_mode", path: "/", httpOnly: false, sameSite: "lax" };

export const CREDENTIAL_COOKIES = [SESSION_COOKIE, ACCESS_COOKIE, REFRESH_COOKIE] as const;

/** Browsers reject a cookie line over 4096 bytes (name + value + attributes). */
export const COOKIE_SIZE_LIMIT = 4096;

export function cookieSize(name: string, value: string): number {
  return Buffer.byteLength(`${name}=${value}`);
}

/**
 * How the dashboard shows one credential cookie: its attributes from the spec, its size,
 * and a preview that never holds a replayable credential (docs/decisions/004).
 */
export function cookieView(
  spec: CookieSpec,
  raw: string | undefined,
  secure: boolean,
  shown: { preview: (raw: string) => string; expiresAt: number | null; notes: CookieView["notes"]; decoded?: CookieView["decoded"] },
): CookieView {
  return {
    name: spec.name,
    present: raw !== undefined,
    valuePreview: raw ? shown.preview(raw) : null,
    sizeBytes: raw ? cookieSize(spec.name, raw) : null,
    httpOnly: spec.httpOnly,
    sameSite: spec.sameSite,
    secure,
    path: spec.path,
    expiresAt: shown.expiresAt,
    readableByJs: !spec.httpOnly,
    ...(shown.decoded === undefined ? {} : { decoded: shown.decoded }),
    notes: shown.notes,
  };
}
