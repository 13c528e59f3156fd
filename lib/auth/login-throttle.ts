import "server-only";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { type KnownDevice, readDeviceCookie } from "./device-cookie";
import { atomically, clearFailures, failuresSince, type Limit, recordFailure, removeFailure, retryAfterSeconds } from "./rate-limit";

// Login throttling an attacker cannot turn on the owner (OWASP Authentication cheat
// sheet: "login throttling", "device cookies"; docs/decisions/031-login-lockout.md):
//  - per account AND client: 5 failures free, then a delay that doubles with each one
//    (30 s, 1 min, 2 min… at most 15 min). A stranger slows only themself.
//  - per account, across clients without a device cookie: a ceiling (30 in 15 min) that
//    stops a botnet; the owner's known browsers are not counted against it nor held by it.
//  - per known device (a valid device cookie for this account): its own 5 + progressive.
//  - per client: 50 failures in 15 min across accounts (password spraying).
// Keys use the normalised username, never "does this user exist": unknown accounts are
// throttled exactly like real ones. Always real time.
//
// An attempt is counted as a failure when it is let through, before the password hash
// is awaited, and taken back if the password was right: otherwise a hundred parallel
// requests would all pass the check before the first failure was recorded.

const WINDOW_MS = 15 * 60_000;
export const FREE_FAILURES = 5;
const BASE_DELAY_S = 30;
const MAX_DELAY_S = 15 * 60;
const PER_ACCOUNT_CLIENT: Limit = { max: 20, windowMs: WINDOW_MS }; // kept to measure the delay
export const ACCOUNT_CEILING: Limit = { max: 30, windowMs: WINDOW_MS };
export const CLIENT_CEILING: Limit = { max: 50, windowMs: WINDOW_MS };

/**
 * Why a 429 was given, sent as `error.details.scope` so the login page can say it:
 * "account_client" (this account from this network), "device" (this browser's own
 * allowance), "account" (this account from many networks), "network" (this network,
 * across accounts), "signup" (sign-ups from this network). The same for known and unknown names.
 */
export type ThrottleScope = "account_client" | "device" | "account" | "network" | "signup";

/** Seconds to wait after `n` recent failures, the last one at `last`. */
export function progressiveDelaySeconds(n: number, last: number, at: number): number {
  if (n < FREE_FAILURES) return 0;
  const delay = Math.min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (n - FREE_FAILURES));
  return Math.max(0, Math.ceil((last + delay * 1000 - at) / 1000));
}

/** 429 rate_limited + Retry-After, one generic message; the scope only in `details`. */
export function rateLimited(wait: number, scope: ThrottleScope, message = "Too many failed logins."): ApiError {
  return new ApiError(429, "rate_limited", `${message} Try again in ${wait} seconds.`, {
    retryAfter: wait,
    details: { scope, retryAfter: wait },
  });
}

interface Bucket {
  key: string;
  limit: Limit;
  progressive: boolean; // the doubling delay, rather than a hard ceiling
  scope: ThrottleScope;
}

/** Which buckets an attempt is judged by and counted in. */
function bucketsFor(username: string, ctx: AuthContext): { buckets: Bucket[]; device: KnownDevice | null } {
  const cookie = readDeviceCookie(ctx);
  const device = cookie?.username === username ? cookie : null;
  const client = ctx.ip ?? "unknown";
  // A known device has its own bucket and skips the ceilings: its mistakes count against
  // itself only, and others' failures never hold it.
  if (device)
    return { device, buckets: [{ key: `login:dev:${device.deviceId}`, limit: PER_ACCOUNT_CLIENT, progressive: true, scope: "device" }] };
  return {
    device,
    buckets: [
      { key: `login:acct-client:${username}|${client}`, limit: PER_ACCOUNT_CLIENT, progressive: true, scope: "account_client" },
      { key: `login:acct:${username}`, limit: ACCOUNT_CEILING, progressive: false, scope: "account" },
      { key: `login:client:${client}`, limit: CLIENT_CEILING, progressive: false, scope: "network" },
    ],
  };
}

async function waitOf(b: Bucket, at: number): Promise<number> {
  if (!b.progressive) return retryAfterSeconds(b.key, b.limit, at);
  const recent = await failuresSince(b.key, at - WINDOW_MS);
  return progressiveDelaySeconds(recent.length, recent.at(-1) ?? 0, at);
}

/** The attempt let through and counted in advance, per request context. */
const inFlight = new WeakMap<object, { keys: Bucket[]; at: number }>();

/**
 * Throws 429 rate_limited + Retry-After (before any hashing) when this attempt must wait.
 * Otherwise counts it as a failure right away (see above): call recordLoginSuccess or
 * recordLoginFailure with the same context once the password has been checked.
 */
export async function checkLoginAllowed(username: string, ctx: AuthContext): Promise<void> {
  const at = now();
  const { buckets } = bucketsFor(username, ctx);
  // Checked and counted in one step: parallel attempts (on any instance) cannot all pass.
  await atomically(
    buckets.map((b) => b.key),
    async () => {
      let worst: { wait: number; scope: ThrottleScope } = { wait: 0, scope: "account_client" };
      for (const b of buckets) {
        const wait = await waitOf(b, at);
        if (wait > worst.wait) worst = { wait, scope: b.scope };
      }
      if (worst.wait > 0) throw rateLimited(worst.wait, worst.scope);
      for (const b of buckets) await recordFailure(b.key, b.limit, at);
    },
  );
  inFlight.set(ctx, { keys: buckets, at });
}

/** A wrong password (or unknown name). Already counted if checkLoginAllowed let it through. */
export async function recordLoginFailure(username: string, ctx: AuthContext): Promise<void> {
  if (inFlight.delete(ctx)) return;
  const at = now();
  for (const b of bucketsFor(username, ctx).buckets) await recordFailure(b.key, b.limit, at);
}

/**
 * A correct password: the attempt counted in advance is taken back from the ceilings, and
 * this subject's own bucket is cleared (the ceilings keep others' failures: they are theirs).
 * Returns the known device this browser proved to be, if any.
 */
export async function recordLoginSuccess(username: string, ctx: AuthContext): Promise<KnownDevice | null> {
  const pending = inFlight.get(ctx);
  inFlight.delete(ctx);
  const { buckets, device } = bucketsFor(username, ctx);
  if (pending) for (const b of pending.keys) if (!b.progressive) await removeFailure(b.key, pending.at);
  for (const b of buckets) if (b.progressive) await clearFailures(b.key);
  // The account from this client is forgiven too when a known device logs in from it.
  await clearFailures(`login:acct-client:${username}|${ctx.ip ?? "unknown"}`);
  return device;
}
