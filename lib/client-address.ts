import { isIP } from "node:net";

// Where a request came from, by the TRUST_PROXY rule (like Express's "trust proxy").
// lib/serve.mjs stamps the socket address into `x-authlab-peer` (tagged with this
// process's secret) and, when no proxy is trusted, deletes every X-Forwarded-* header a
// client sent, so Next fills them from the socket. What remains to decide is here.

export const PEER_HEADER = "x-authlab-peer";

/** The socket address lib/serve.mjs saw; null when not served by it (e.g. `next dev`) or forged. */
export function peerAddress(h: Headers, token = process.env.AUTHLAB_PEER_TOKEN): string | null {
  const raw = h.get(PEER_HEADER);
  if (!token || !raw) return null;
  const space = raw.indexOf(" ");
  if (space < 0 || raw.slice(0, space) !== token) return null;
  return normalize(raw.slice(space + 1));
}

/** "::ffff:127.0.0.1" (an IPv4 socket on a dual-stack listener) is 127.0.0.1. */
function normalize(address: string): string | null {
  const a = address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  return isIP(a) ? a : null;
}

/**
 * The client's address. `trustHops` 0: the socket's. N: the chain is the X-Forwarded-For
 * entries then the socket; the client is the entry N hops in from the right (the address
 * the outermost trusted proxy saw). Entries further left were written by the client and
 * are never believed. Not an IP address → null (never stored or shown as one).
 */
export function clientAddress(h: Headers, trustHops: number, token = process.env.AUTHLAB_PEER_TOKEN): string | null {
  const peer = peerAddress(h, token);
  const forwarded = (h.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (trustHops === 0) {
    // Under lib/serve.mjs the peer is the truth. Elsewhere (next dev) the nearest entry
    // is the best there is: Next adds the socket address only when none was sent.
    return peer ?? (forwarded.length ? normalize(forwarded.at(-1) ?? "") : null);
  }
  const chain = peer ? [...forwarded, peer] : forwarded;
  if (chain.length === 0) return null;
  return normalize(chain[Math.max(0, chain.length - 1 - trustHops)] ?? "");
}
