import { describe, expect, it } from "vitest";
import { store } from "@/db/store";
import { atomically, clearFailures, failuresSince, type Limit, recordFailure, removeFailure, retryAfterSeconds } from "./rate-limit";

const ACCOUNT_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000 };
const IP_LIMIT: Limit = { max: 50, windowMs: 15 * 60_000 };

const T0 = 1_700_000_000_000;
const WINDOW = 15 * 60_000;

describe("rate limit", () => {
  it("a flood of new keys cannot free a locked-out account (nothing is evicted: the store holds every bucket)", async () => {
    for (let i = 0; i < 5; i++) await recordFailure("acct:victim", ACCOUNT_LIMIT, T0 + i);
    expect(await retryAfterSeconds("acct:victim", ACCOUNT_LIMIT, T0 + 10)).toBeGreaterThan(0);
    await atomically(["ip:flood"], async () => {
      for (let i = 0; i < 300; i++) await recordFailure(`ip:flood-${i}`, IP_LIMIT, T0 + 10);
    });
    expect(await retryAfterSeconds("acct:victim", ACCOUNT_LIMIT, T0 + 20)).toBeGreaterThan(0);
  });

  it("allows max-1 failures, blocks at max, and says how long to wait", async () => {
    for (let i = 0; i < 4; i++) await recordFailure("acct:a", ACCOUNT_LIMIT, T0 + i * 1000);
    expect(await retryAfterSeconds("acct:a", ACCOUNT_LIMIT, T0 + 5000)).toBe(0);
    await recordFailure("acct:a", ACCOUNT_LIMIT, T0 + 5000);
    // Blocked until the oldest failure (T0) leaves the window.
    expect(await retryAfterSeconds("acct:a", ACCOUNT_LIMIT, T0 + 5000)).toBe(895);
    expect(await retryAfterSeconds("acct:a", ACCOUNT_LIMIT, T0 + WINDOW - 1)).toBe(1);
  });

  it("the window slides: failures expire one by one", async () => {
    for (let i = 0; i < 5; i++) await recordFailure("acct:b", ACCOUNT_LIMIT, T0 + i * 60_000);
    expect(await retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + 4 * 60_000)).toBe(660);
    // At T0 + WINDOW the first failure has left the window: 4 remain, allowed.
    expect(await retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + WINDOW)).toBe(0);
    await recordFailure("acct:b", ACCOUNT_LIMIT, T0 + WINDOW);
    // 5 again; now the oldest is T0 + 60 s.
    expect(await retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + WINDOW)).toBe(60);
    expect(await retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + WINDOW + 60_000)).toBe(0);
  });

  it("keys are independent and clearFailures forgets one key", async () => {
    for (let i = 0; i < 5; i++) {
      await recordFailure("acct:c", ACCOUNT_LIMIT, T0);
      await recordFailure("acct:d", ACCOUNT_LIMIT, T0);
    }
    expect(await retryAfterSeconds("acct:e", ACCOUNT_LIMIT, T0)).toBe(0);
    await clearFailures("acct:c");
    expect(await retryAfterSeconds("acct:c", ACCOUNT_LIMIT, T0)).toBe(0);
    expect(await retryAfterSeconds("acct:d", ACCOUNT_LIMIT, T0)).toBe(900);
  });

  it("removeFailure takes back one failure (an attempt counted in advance), leaving the others", async () => {
    for (let i = 0; i < 5; i++) await recordFailure("acct:g", ACCOUNT_LIMIT, T0 + i * 1000);
    expect(await retryAfterSeconds("acct:g", ACCOUNT_LIMIT, T0 + 5000)).toBeGreaterThan(0);
    await removeFailure("acct:g", T0 + 4000);
    expect(await retryAfterSeconds("acct:g", ACCOUNT_LIMIT, T0 + 5000)).toBe(0);
    await removeFailure("acct:g", T0 + 99_999); // not there: nothing changes
    await removeFailure("acct:nobody", T0);
    await recordFailure("acct:g", ACCOUNT_LIMIT, T0 + 6000);
    expect(await retryAfterSeconds("acct:g", ACCOUNT_LIMIT, T0 + 6000)).toBe(894);
  });

  it("a bucket never holds more than max rows, and the purge drops buckets past every window", async () => {
    for (let i = 0; i < 200; i++) await recordFailure("acct:f", ACCOUNT_LIMIT, T0 + i);
    expect(await retryAfterSeconds("acct:f", ACCOUNT_LIMIT, T0 + 1000)).toBe(Math.ceil((T0 + 195 + WINDOW - T0 - 1000) / 1000));
    expect(await failuresSince("acct:f", 0)).toEqual([195, 196, 197, 198, 199].map((d) => T0 + d));
    await recordFailure("acct:h", ACCOUNT_LIMIT, T0);
    const purged = await store().maintenance.purge({
      endedBefore: 0,
      eventsBefore: 0,
      failureEventsBefore: 0,
      failureEventTypes: [],
      rateLimitBefore: T0 + 197,
      batch: 100,
      stepBudgetMs: 50,
      sweepSlice: 100,
      sweepRowsPerPass: 100,
    });
    expect(purged.rateLimits).toBe(3); // acct:h's one and acct:f's two oldest
    expect(await failuresSince("acct:f", 0)).toEqual([197, 198, 199].map((d) => T0 + d));
    expect(await failuresSince("acct:h", 0)).toEqual([]);
  });
});
