import "server-only";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import type { AuthContext } from "./context";
import { type KnownDevice, readDeviceCookie } from "./device-cookie";
import { clearFailures, failuresSince, type Limit, recordFailure, retryAfterSeconds } from "./rate-limit";

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

const WINDOW_MS = 15 * 60_000;
export const FREE_FAILURES = 5;
const BASE_DELAY_S = 30;
const MAX_DELAY_S = 15 * 60;
const PER_ACCOUNT_CLIENT: Limit = { max: 20, windowMs: WINDOW_MS }; // kept to measure the delay
export const ACCOUNT_CEILING: Limit = { max: 30, windowMs: WINDOW_MS };
export const CLIENT_CEILING: Limit = { max: 50, windowMs: WINDOW_MS };

/** Seconds to wait after `n` recent failures, the last one at `last`. */
export function progressiveDelaySeconds(n: number, last: number, at: number): number {
  if (n < FREE_FAILURES) return 0;
  const delay = Math.min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (n - FREE_FAILURES));
  return Math.max(0, Math.ceil((last + delay * 1000 - at) / 1000));
}

interface Subject {
  username: string;
  device: KnownDevice | null; // a device cookie for THIS account, or null
  client: string;
}

function subject(username: string, ctx: AuthContext): Subject {
  const device = readDeviceCookie(ctx);
  return { username, device: device?.username === username ? device : null, client: ctx.ip ?? "unknown" };
}

const keys = (s: Subject) => ({
  // A known device has its own bucket; everyone else is the account from this client.
  own: s.device ? `login:dev:${s.device.deviceId}` : `login:acct-client:${s.username}|${s.client}`,
  account: `login:acct:${s.username}`,
  client: `login:client:${s.client}`,
});

function waitFor(s: Subject, at: number): number {
  const k = keys(s);
  const own = failuresSince(k.own, at - WINDOW_MS);
  const waits = [progressiveDelaySeconds(own.length, own.at(-1) ?? 0, at)];
  if (!s.device) waits.push(retryAfterSeconds(k.account, ACCOUNT_CEILING, at), retryAfterSeconds(k.client, CLIENT_CEILING, at));
  return Math.max(...waits);
}

/** Throws 429 rate_limited + Retry-After (before any hashing) when this attempt must wait. */
export function checkLoginAllowed(username: string, ctx: AuthContext): void {
  const wait = waitFor(subject(username, ctx), now());
  if (wait > 0) {
    throw new ApiError(429, "rate_limited", `Too many failed logins. Try again in ${wait} seconds.`, { retryAfter: wait });
  }
}

export function recordLoginFailure(username: string, ctx: AuthContext): void {
  const s = subject(username, ctx);
  const k = keys(s);
  const at = now();
  recordFailure(k.own, PER_ACCOUNT_CLIENT, at);
  // A known device's mistakes count against itself only, never against the account.
  if (!s.device) {
    recordFailure(k.account, ACCOUNT_CEILING, at);
    recordFailure(k.client, CLIENT_CEILING, at);
  }
}

/** A correct password clears this subject's own bucket (not the account's ceiling: others' failures stay theirs). */
export function recordLoginSuccess(username: string, ctx: AuthContext): KnownDevice | null {
  const s = subject(username, ctx);
  clearFailures(keys(s).own);
  clearFailures(`login:acct-client:${s.username}|${s.client}`);
  return s.device;
}
