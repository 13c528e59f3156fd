import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER, peerAddress } from "./client-address";

// The TRUST_PROXY rule (docs/decisions/032): the socket address (stamped by lib/serve.mjs,
// tagged with a per-process secret) unless N proxies are trusted; then the entry N hops in
// from the right of X-Forwarded-For + the socket. Entries further left are client claims.

const TOKEN = "per-process-secret";
const h = (headers: Record<string, string>) => new Headers(headers);
const peer = (address: string) => ({ [PEER_HEADER]: `${TOKEN} ${address}` });

describe("peerAddress", () => {
  it("reads the socket address lib/serve.mjs stamped, with its secret", () => {
    expect(peerAddress(h(peer("203.0.113.9")), TOKEN)).toBe("203.0.113.9");
    expect(peerAddress(h(peer("::1")), TOKEN)).toBe("::1");
    expect(peerAddress(h(peer("::ffff:127.0.0.1")), TOKEN)).toBe("127.0.0.1");
  });

  it("a client-sent copy (wrong or missing secret), no server secret, or a non-address → null", () => {
    expect(peerAddress(h({ [PEER_HEADER]: "guess 6.6.6.6" }), TOKEN)).toBeNull();
    expect(peerAddress(h({ [PEER_HEADER]: "6.6.6.6" }), TOKEN)).toBeNull();
    expect(peerAddress(h(peer("6.6.6.6")), undefined)).toBeNull();
    expect(peerAddress(h(peer("<script>")), TOKEN)).toBeNull();
    expect(peerAddress(h({}), TOKEN)).toBeNull();
  });
});

describe("clientAddress", () => {
  it("TRUST_PROXY off: the socket address, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(h({ ...peer("198.51.100.4"), "x-forwarded-for": "6.6.6.6" }), 0, TOKEN)).toBe("198.51.100.4");
    expect(clientAddress(h({ ...peer("198.51.100.4"), "x-forwarded-for": "6.6.6.6, 7.7.7.7" }), 0, TOKEN)).toBe("198.51.100.4");
    expect(clientAddress(h(peer("::1")), 0, TOKEN)).toBe("::1");
  });

  it("TRUST_PROXY off without lib/serve.mjs (next dev): the nearest X-Forwarded-For entry, which Next filled from the socket when absent", () => {
    expect(clientAddress(h({ "x-forwarded-for": "::1" }), 0, TOKEN)).toBe("::1");
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 10.0.0.2" }), 0, TOKEN)).toBe("10.0.0.2");
    expect(clientAddress(h({}), 0, TOKEN)).toBeNull();
  });

  it("TRUST_PROXY=1: the address the one proxy saw (the rightmost entry); spoofed entries to its left are ignored", () => {
    const headers = h({ ...peer("10.0.0.2"), "x-forwarded-for": "6.6.6.6, 203.0.113.50" });
    expect(clientAddress(headers, 1, TOKEN)).toBe("203.0.113.50");
    // A request that did not come through the proxy (no X-Forwarded-For): the socket.
    expect(clientAddress(h(peer("10.0.0.2")), 1, TOKEN)).toBe("10.0.0.2");
  });

  it("TRUST_PROXY=2: two hops in from the right; fewer entries than hops → the leftmost there is", () => {
    const headers = h({ ...peer("10.0.0.3"), "x-forwarded-for": "6.6.6.6, 203.0.113.50, 10.0.0.2" });
    expect(clientAddress(headers, 2, TOKEN)).toBe("203.0.113.50");
    expect(clientAddress(h({ ...peer("10.0.0.3"), "x-forwarded-for": "203.0.113.50" }), 2, TOKEN)).toBe("203.0.113.50");
    expect(clientAddress(h({ ...peer("10.0.0.3"), "x-forwarded-for": "203.0.113.50" }), 10, TOKEN)).toBe("203.0.113.50");
  });

  it("blank and padded entries are skipped; a chosen entry that is not an IP address → null (never stored as one)", () => {
    expect(clientAddress(h({ ...peer("10.0.0.2"), "x-forwarded-for": " , 203.0.113.50 ,," }), 1, TOKEN)).toBe("203.0.113.50");
    expect(clientAddress(h({ ...peer("10.0.0.2"), "x-forwarded-for": "<img src=x>" }), 1, TOKEN)).toBeNull();
    expect(clientAddress(h({ ...peer("10.0.0.2"), "x-forwarded-for": "unknown" }), 1, TOKEN)).toBeNull();
  });
});
