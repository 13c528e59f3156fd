import "server-only";
import { store } from "@/db/store";

// Failure buckets in the store (table rate_limit_failures), so every instance behind a
// balancer counts the same failures: an attacker spreading guesses over three instances
// gets no more than on one (docs/decisions/039). Used by lib/auth/login-throttle.ts,
// lib/auth/password-attempts.ts and lib/auth/signup-throttle.ts. Only failures count, so
// a user who types the right password is never slowed. Each bucket keeps at most `max`
// rows and none past its window; the purge drops keys nobody touches any more.
//
// A check and the count it leads to must be one step, or N parallel attempts would all
// pass a check made before any of them was counted: callers wrap both in atomically().

export interface Limit {
  max: number; // failures allowed in the window
  windowMs: number;
}

/**
 * Runs a check and the failures it counts as one transaction, across every instance.
 * `keys` are the buckets it reads and writes: attempts on other buckets do not wait.
 */
export function atomically<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  return store().transaction(() => fn(), { locks: keys.map((k) => `rate:${k}`) });
}

/** Seconds until `key` may try again, or 0 if it may now. One indexed statement. */
export async function retryAfterSeconds(key: string, limit: Limit, at: number): Promise<number> {
  // Blocked while `max` failures lie in the window: until the max-th newest leaves it.
  const nth = await store().rateLimits.nthLatest(key, at - limit.windowMs, limit.max);
  if (nth === undefined) return 0;
  return Math.max(1, Math.ceil((nth + limit.windowMs - at) / 1000));
}

export function recordFailure(key: string, limit: Limit, at: number): Promise<void> {
  return store().rateLimits.add(key, at, limit.max, at - limit.windowMs);
}

/** The failure times of `key` after `since`, oldest first (for delays that grow with the count). */
export function failuresSince(key: string, since: number): Promise<number[]> {
  return store().rateLimits.since(key, since);
}

/**
 * Takes back one failure recorded at `at` (an attempt counted in advance that turned out
 * right). Other failures in the bucket stay.
 */
export function removeFailure(key: string, at: number): Promise<void> {
  return store().rateLimits.removeOne(key, at);
}

export function clearFailures(key: string): Promise<void> {
  return store().rateLimits.clear(key);
}
