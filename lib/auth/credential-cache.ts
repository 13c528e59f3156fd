import "server-only";
import crypto from "node:crypto";
import { singleton } from "@/lib/singleton";

// Opening a credential is pure: the same sealed cookie always opens to the same content,
// the same signed token always verifies to the same claims, under the same keys. So the
// expensive part (iron-session's unseal, jose's signature check) is done once per
// credential and its result kept here, bounded in size and never past the credential's
// own expiry. What is NOT cached: anything that can change between two requests. The
// session row is still read on every request (revocation shows at once), and JWT
// expiry is still compared with the clock on every hit, to the second.
//
// - Keyed by SHA-256 of the credential, not the credential: the key costs 44 bytes
//   whatever the cookie's size, and Map lookups compare digests, so their timing says
//   nothing about any stored credential.
// - Only successes are stored: a failure could be a clock or key matter that later
//   succeeds, and an attacker could fill the cache with garbage.
// - Each entry remembers the key material it was opened with (`owner`); after a key
//   change it is a miss, so a seal or token is never trusted under keys it wasn't
//   checked against.
// - Least recently used entries go first once `maxEntries` is reached: memory is bounded.
// - One instance per kind per process, on globalThis, so every Next route bundle
//   shares it.

interface Entry<V> {
  value: V;
  expiresAt: number; // epoch ms; the entry is dead from this instant
  owner: object;
}

export interface CacheStats {
  size: number;
  maxEntries: number;
  hits: number;
  misses: number;
}

const sha256 =
  typeof crypto.hash === "function"
    ? (s: string): string => crypto.hash("sha256", s, "base64")
    : (s: string): string => crypto.createHash("sha256").update(s).digest("base64");

export class CredentialCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private hits = 0;
  private misses = 0;

  constructor(readonly maxEntries: number) {}

  /** The value stored for this exact credential, if still alive at `at` and opened under `owner`. */
  get(credential: string, owner: object, at: number): V | undefined {
    const key = sha256(credential);
    const e = this.entries.get(key);
    if (!e || e.owner !== owner || at >= e.expiresAt) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Most recently used goes to the back of the line.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.value;
  }

  /** Remember a credential that verified. Ignored if it is already dead at `at`. */
  set(credential: string, value: V, expiresAt: number, owner: object, at: number): void {
    if (!(expiresAt > at) || this.maxEntries <= 0) return;
    const key = sha256(credential);
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt, owner });
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }

  stats(): CacheStats {
    return { size: this.entries.size, maxEntries: this.maxEntries, hits: this.hits, misses: this.misses };
  }
}

/**
 * 10,000 entries is about 10,000 browsers active within a token's lifetime; beyond
 * that the least recently seen pay one full check again. Worst case ≈ 10,000 × (44-byte
 * key + a small object) ≈ a few MB per cache.
 */
export const CREDENTIAL_CACHE_SIZE = 10_000;

export type CacheName = "session-seal" | "access-token";

const caches = () => singleton("credential-caches", () => new Map<CacheName, CredentialCache<unknown>>());

export function credentialCache<V>(name: CacheName): CredentialCache<V> {
  let c = caches().get(name);
  if (!c) {
    c = new CredentialCache<unknown>(CREDENTIAL_CACHE_SIZE);
    caches().set(name, c);
  }
  return c as CredentialCache<V>;
}

export function credentialCacheStats(): Record<CacheName, CacheStats | null> {
  return {
    "session-seal": caches().get("session-seal")?.stats() ?? null,
    "access-token": caches().get("access-token")?.stats() ?? null,
  };
}

export function clearCredentialCachesForTests(): void {
  for (const c of caches().values()) c.clear();
}
