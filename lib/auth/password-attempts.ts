import "server-only";
import { now } from "@/lib/clock";
import type { RequestMeta } from "./context";
import { progressiveDelaySeconds, rateLimited } from "./login-throttle";
import { atomically, clearFailures, failuresSince, type Limit, recordFailure, removeFailure, retryAfterSeconds } from "./rate-limit";

// Re-authentication (policy and password changes) checks a password, so it is throttled
// like a login: otherwise a stolen cookie would be an unthrottled password oracle. Per
// account and client, 5 failures free then the login's doubling delay (30 s… 15 min),
// plus a per-account ceiling across clients. An attempt is counted when it is let
// through (before the hash is awaited) and taken back when it was right, so parallel
// requests cannot all slip past the check. Real time only.
//
// API (the same for every password check of a logged-in user):
//   checkPasswordAttempt(userId, ctx)   429 rate_limited + Retry-After, or counts the attempt
//   recordPasswordFailure(userId, ctx)  the password was wrong
//   clearPasswordFailures(userId, ctx)  the password was right
// Pass the same request object (ctx) to the three.

const WINDOW_MS = 15 * 60_000;
const PER_CLIENT: Limit = { max: 20, windowMs: WINDOW_MS }; // kept to measure the delay
const PER_ACCOUNT: Limit = { max: 20, windowMs: WINDOW_MS };

const keys = (userId: string, meta: RequestMeta) => ({ client: `reauth:${userId}:${meta.ip ?? "unknown"}`, account: `reauth:${userId}` });

const inFlight = new WeakMap<object, number>();

/** 429 rate_limited + Retry-After when this account (from this client) failed too often. */
export async function checkPasswordAttempt(userId: string, meta: RequestMeta): Promise<void> {
  const k = keys(userId, meta);
  const at = now();
  await atomically([k.client, k.account], async () => {
    const recent = await failuresSince(k.client, at - WINDOW_MS);
    const own = progressiveDelaySeconds(recent.length, recent.at(-1) ?? 0, at);
    const ceiling = await retryAfterSeconds(k.account, PER_ACCOUNT, at);
    if (own > 0 || ceiling > 0) {
      throw rateLimited(Math.max(own, ceiling), own >= ceiling ? "account_client" : "account", "Too many wrong passwords.");
    }
    await recordFailure(k.client, PER_CLIENT, at);
    await recordFailure(k.account, PER_ACCOUNT, at);
  });
  inFlight.set(meta, at);
}

export async function recordPasswordFailure(userId: string, meta: RequestMeta): Promise<void> {
  if (inFlight.delete(meta)) return; // counted when it was let through
  const k = keys(userId, meta);
  const at = now();
  await recordFailure(k.client, PER_CLIENT, at);
  await recordFailure(k.account, PER_ACCOUNT, at);
}

/** The right password: this client's failures are forgiven; the account's ceiling keeps others'. */
export async function clearPasswordFailures(userId: string, meta: RequestMeta): Promise<void> {
  const k = keys(userId, meta);
  const at = inFlight.get(meta);
  inFlight.delete(meta);
  if (at !== undefined) await removeFailure(k.account, at);
  await clearFailures(k.client);
}
