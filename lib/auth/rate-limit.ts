import "server-only";
import { singleton } from "@/lib/singleton";

// Failure buckets in memory (one process; the scale-out lab documents that many machines
// would need a shared store), used by lib/auth/login-throttle.ts and
// lib/auth/password-attempts.ts. Only failures count, so a user who types the right
// password is never slowed. Memory is bounded: at most MAX_KEYS keys, the oldest dropped
// first, never a locked one while an unlocked one can go.

export interface Limit {
  max: number; // failures allowed in the window
  windowMs: number;
}

const MAX_KEYS = 50_000;

interface Bucket {
  failures: number[]; // timestamps (ms), oldest first
  limit: Limit; // its own limit: eviction must judge each bucket by it
}

const state = () => singleton("rate-limit", () => ({ buckets: new Map<string, Bucket>() }));
function buckets(): Map<string, Bucket> {
  return state().buckets;
}

function prune(b: Bucket, limit: Limit, at: number): void {
  while (b.failures.length && (b.failures[0] ?? 0) <= at - limit.windowMs) b.failures.shift();
}

/** Seconds until `key` may try again, or 0 if it may now. */
export function retryAfterSeconds(key: string, limit: Limit, at: number): number {
  const b = buckets().get(key);
  if (!b) return 0;
  prune(b, limit, at);
  if (b.failures.length < limit.max) return 0;
  const oldest = b.failures[0] ?? at;
  return Math.max(1, Math.ceil((oldest + limit.windowMs - at) / 1000));
}

/**
 * Full: drop the oldest bucket that is not locked out (insertion order is age order), so
 * flooding new keys cannot free a locked account. Stops at the first candidate.
 */
function evictOne(map: Map<string, Bucket>, at: number): void {
  for (const [key, b] of map) {
    prune(b, b.limit, at);
    if (b.failures.length < b.limit.max) {
      map.delete(key);
      return;
    }
  }
  const oldest = map.keys().next().value; // every bucket is locked: the oldest lock is closest to expiry
  if (oldest !== undefined) map.delete(oldest);
}

export function recordFailure(key: string, limit: Limit, at: number): void {
  const map = buckets();
  let b = map.get(key);
  if (!b) {
    if (map.size >= MAX_KEYS) evictOne(map, at);
    b = { failures: [], limit };
    map.set(key, b);
  }
  prune(b, limit, at);
  b.failures.push(at);
  if (b.failures.length > limit.max) b.failures.splice(0, b.failures.length - limit.max);
}

/** The failure times of `key` after `since`, oldest first (for delays that grow with the count). */
export function failuresSince(key: string, since: number): number[] {
  return (buckets().get(key)?.failures ?? []).filter((t) => t > since);
}

/**
 * Takes back one failure recorded at `at` (an attempt counted in advance that turned out
 * right). Other failures in the bucket stay.
 */
export function removeFailure(key: string, at: number): void {
  const b = buckets().get(key);
  const i = b?.failures.lastIndexOf(at) ?? -1;
  if (b && i >= 0) b.failures.splice(i, 1);
}

export function clearFailures(key: string): void {
  buckets().delete(key);
}

export function resetRateLimitsForTests(): void {
  state().buckets = new Map();
}

/** Tests: the buckets themselves (sizes and eviction are what they check). */
export function bucketsForTests(): Map<string, { failures: number[] }> {
  return buckets();
}
