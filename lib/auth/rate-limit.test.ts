import { describe, expect, it } from "vitest";
import { bucketsForTests, clearFailures, type Limit, recordFailure, removeFailure, retryAfterSeconds } from "./rate-limit";

const ACCOUNT_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000 };
const IP_LIMIT: Limit = { max: 50, windowMs: 15 * 60_000 };

const T0 = 1_700_000_000_000;
const WINDOW = 15 * 60_000;
const size = () => bucketsForTests().size;

describe("rate limit", () => {
  it("a flood of new keys cannot free a locked-out account", () => {
    for (let i = 0; i < 5; i++) recordFailure("acct:victim", ACCOUNT_LIMIT, T0 + i);
    expect(retryAfterSeconds("acct:victim", ACCOUNT_LIMIT, T0 + 10)).toBeGreaterThan(0);
    for (let i = 0; i < 50_001; i++) recordFailure(`ip:flood-${i}`, IP_LIMIT, T0 + 10);
    expect(size()).toBeLessThanOrEqual(50_000);
    expect(retryAfterSeconds("acct:victim", ACCOUNT_LIMIT, T0 + 20)).toBeGreaterThan(0);
  });

  it("allows max-1 failures, blocks at max, and says how long to wait", () => {
    for (let i = 0; i < 4; i++) recordFailure("acct:a", ACCOUNT_LIMIT, T0 + i * 1000);
    expect(retryAfterSeconds("acct:a", ACCOUNT_LIMIT, T0 + 5000)).toBe(0);
    recordFailure("acct:a", ACCOUNT_LIMIT, T0 + 5000);
    // Blocked until the oldest failure (T0) leaves the window.
    expect(retryAfterSeconds("acct:a", ACCOUNT_LIMIT, T0 + 5000)).toBe(895);
    expect(retryAfterSeconds("acct:a", ACCOUNT_LIMIT, T0 + WINDOW - 1)).toBe(1);
  });

  it("the window slides: failures expire one by one", () => {
    for (let i = 0; i < 5; i++) recordFailure("acct:b", ACCOUNT_LIMIT, T0 + i * 60_000);
    expect(retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + 4 * 60_000)).toBe(660);
    // At T0 + WINDOW the first failure has left the window: 4 remain, allowed.
    expect(retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + WINDOW)).toBe(0);
    recordFailure("acct:b", ACCOUNT_LIMIT, T0 + WINDOW);
    // 5 again; now the oldest is T0 + 60 s.
    expect(retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + WINDOW)).toBe(60);
    expect(retryAfterSeconds("acct:b", ACCOUNT_LIMIT, T0 + WINDOW + 60_000)).toBe(0);
  });

  it("keys are independent and clearFailures forgets one key", () => {
    for (let i = 0; i < 5; i++) {
      recordFailure("acct:c", ACCOUNT_LIMIT, T0);
      recordFailure("acct:d", ACCOUNT_LIMIT, T0);
    }
    expect(retryAfterSeconds("acct:e", ACCOUNT_LIMIT, T0)).toBe(0);
    clearFailures("acct:c");
    expect(retryAfterSeconds("acct:c", ACCOUNT_LIMIT, T0)).toBe(0);
    expect(retryAfterSeconds("acct:d", ACCOUNT_LIMIT, T0)).toBe(900);
  });

  it("removeFailure takes back one failure (an attempt counted in advance), leaving the others", () => {
    for (let i = 0; i < 5; i++) recordFailure("acct:g", ACCOUNT_LIMIT, T0 + i * 1000);
    expect(retryAfterSeconds("acct:g", ACCOUNT_LIMIT, T0 + 5000)).toBeGreaterThan(0);
    removeFailure("acct:g", T0 + 4000);
    expect(retryAfterSeconds("acct:g", ACCOUNT_LIMIT, T0 + 5000)).toBe(0);
    removeFailure("acct:g", T0 + 99_999); // not there: nothing changes
    removeFailure("acct:nobody", T0);
    recordFailure("acct:g", ACCOUNT_LIMIT, T0 + 6000);
    expect(retryAfterSeconds("acct:g", ACCOUNT_LIMIT, T0 + 6000)).toBe(894);
  });

  it("a bucket never holds more than max timestamps", () => {
    for (let i = 0; i < 1000; i++) recordFailure("acct:f", ACCOUNT_LIMIT, T0 + i);
    expect(retryAfterSeconds("acct:f", ACCOUNT_LIMIT, T0 + 1000)).toBe(Math.ceil((T0 + 995 + WINDOW - T0 - 1000) / 1000));
    const bucket = bucketsForTests().get("acct:f");
    expect(bucket?.failures).toHaveLength(5);
  });

  it("memory is bounded: at most 50 000 keys, the oldest unlocked bucket dropped first", () => {
    recordFailure("acct:first", { max: 1, windowMs: WINDOW }, T0);
    expect(retryAfterSeconds("acct:first", { max: 1, windowMs: WINDOW }, T0)).toBe(900);
    for (let i = 0; i < 60_000; i++) recordFailure(`ip:10.0.${i >> 8}.${i & 255}`, IP_LIMIT, T0);
    expect(size()).toBe(50_000);
    // The locked bucket survived; the oldest flood keys went instead.
    expect(retryAfterSeconds("acct:first", { max: 1, windowMs: WINDOW }, T0)).toBe(900);
    const map = bucketsForTests();
    expect(map.has("ip:10.0.0.0")).toBe(false);
    expect(map.has("ip:10.0.234.95")).toBe(true); // key 59 999, the newest
    recordFailure("ip:last", { max: 1, windowMs: WINDOW }, T0);
    expect(size()).toBe(50_000);
    expect(retryAfterSeconds("ip:last", { max: 1, windowMs: WINDOW }, T0)).toBe(900);
  });
});
