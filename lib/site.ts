import { peerAddress } from "./client-address";
import { env } from "./env";

// Which origin this server answers as. Every API request (lib/http.ts) and page
// (proxy.ts) must name it in Host (a request for another name is DNS rebinding or a
// misrouted client), and a state-changing request's Origin, when present, must be it,
// scheme included. X-Forwarded-Proto/-Host stand for the scheme and Host only when a
// proxy is trusted: lib/serve.mjs deletes client-sent ones otherwise (docs/decisions/032).

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];
const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1"]);

function loopbackOrigins(port: number): string[] {
  return LOOPBACK.map((host) => `http://${host}:${port}`);
}

export function siteOrigins(): readonly string[] {
  const e = env();
  return e.APP_ORIGIN ? [e.APP_ORIGIN] : loopbackOrigins(e.PORT);
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

/**
 * Host is the site's, or (with APP_ORIGIN set) a loopback name on PORT over http from a
 * socket on this machine (lib/serve.mjs's peer): the labs' own loopback calls and the
 * scale-out children cannot name APP_ORIGIN (fetch sets Host from the URL). That is no
 * DNS-rebinding opening: a rebound page's Host is the attacker's name, never a loopback
 * name, and a browser sends `Host: localhost:PORT` only to its own machine. Origin gets
 * no such exception (isSiteOrigin).
 */
export function isSiteRequest(h: Headers, url?: string): boolean {
  const origin = requestOrigin(h, url);
  if (origin === null) return false;
  if (siteOrigins().includes(origin)) return true;
  const peer = peerAddress(h);
  return peer !== null && LOOPBACK_ADDRESSES.has(peer) && loopbackOrigins(env().PORT).includes(origin);
}

/** An Origin header names this site exactly (scheme, host and port). */
export function isSiteOrigin(origin: string): boolean {
  try {
    return siteOrigins().includes(new URL(origin).origin) && new URL(origin).origin === origin;
  } catch {
    return false;
  }
}
