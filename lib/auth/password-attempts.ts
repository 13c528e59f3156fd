import "server-only";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import type { RequestMeta } from "./context";
import { clearFailures, type Limit, recordFailure, retryAfterSeconds } from "./rate-limit";

// Re-authentication (policy and password changes) checks a password, so it is throttled
// like a login: otherwise a stolen cookie would be an unthrottled password oracle. Per
// account and client, plus a per-account ceiling across clients. Real time only.

const PER_CLIENT: Limit = { max: 5, windowMs: 15 * 60_000 };
const PER_ACCOUNT: Limit = { max: 20, windowMs: 15 * 60_000 };

const keys = (userId: string, meta: RequestMeta) => ({ client: `reauth:${userId}:${meta.ip ?? "unknown"}`, account: `reauth:${userId}` });

/** 429 rate_limited + Retry-After when this account (from this client) failed too often. */
export function checkPasswordAttempt(userId: string, meta: RequestMeta): void {
  const k = keys(userId, meta);
  const at = now();
  const wait = Math.max(retryAfterSeconds(k.client, PER_CLIENT, at), retryAfterSeconds(k.account, PER_ACCOUNT, at));
  if (wait > 0) throw new ApiError(429, "rate_limited", `Too many wrong passwords. Try again in ${wait} seconds.`, { retryAfter: wait });
}

export function recordPasswordFailure(userId: string, meta: RequestMeta): void {
  const k = keys(userId, meta);
  const at = now();
  recordFailure(k.client, PER_CLIENT, at);
  recordFailure(k.account, PER_ACCOUNT, at);
}

export function clearPasswordFailures(userId: string, meta: RequestMeta): void {
  clearFailures(keys(userId, meta).client);
}
