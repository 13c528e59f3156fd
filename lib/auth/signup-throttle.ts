import "server-only";
import { now } from "@/lib/clock";
import type { RequestMeta } from "./context";
import { rateLimited } from "./login-throttle";
import { atomically, type Limit, recordFailure, retryAfterSeconds } from "./rate-limit";

// Sign-up costs one scrypt, like a login, and creates a row: per client (the socket
// address, or the client the trusted proxy saw), 20 attempts in 10 minutes, counted when
// let through. Enough for a classroom behind one address to sign up together; a single
// client cannot turn sign-up into a hashing or a row-writing engine. Real time only.

export const SIGNUP_LIMIT: Limit = { max: 20, windowMs: 10 * 60_000 };

/** 429 rate_limited + Retry-After when this client signed up too often; otherwise counts the attempt. */
export function checkSignupAllowed(meta: RequestMeta): Promise<void> {
  const key = `signup:client:${meta.ip ?? "unknown"}`;
  const at = now();
  return atomically([key], async () => {
    const wait = await retryAfterSeconds(key, SIGNUP_LIMIT, at);
    if (wait > 0) throw rateLimited(wait, "signup", "Too many sign-ups from this network.");
    await recordFailure(key, SIGNUP_LIMIT, at);
  });
}
