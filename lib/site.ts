import { env } from "./env";

// Which origin this server answers as. Every API request (lib/http.ts) and page
// (proxy.ts) must name it in Host (a request for another name is DNS rebinding or a
// misrouted client), and a state-changing request's Origin, when present, must be it,
// scheme included. X-Forwarded-Proto/-Host stand for the scheme and Host only when a
// proxy is trusted: lib/serve.mjs deletes client-sent ones otherwise (docs/decisions/032).

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

export function siteOrigins(): readonly string[] {
  const e = env();
  return e.APP_ORIGIN ? [e.APP_ORIGIN] : LOOPBACK.map((host) => `http://${host}:${e.PORT}`);
}

/**
 * The origin this request was addressed to: scheme and host as the nearest trusted hop saw
 * them. `url` stands in for a request that carries no Host header at all (a Request built
 * in a unit test; Next always fills one in).
 */
export function requestOrigin(h: Headers, url?: string): string | null {
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || (url ? new URL(url).host : null);
  if (!host || (proto !== "http" && proto !== "https")) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

export function isSiteRequest(h: Headers, url?: string): boolean {
  const origin = requestOrigin(h, url);
  return origin !== null && siteOrigins().includes(origin);
}

/** An Origin header names this site exactly (scheme, host and port). */
export function isSiteOrigin(origin: string): boolean {
  try {
    return siteOrigins().includes(new URL(origin).origin) && new URL(origin).origin === origin;
  } catch {
    return false;
  }
}
