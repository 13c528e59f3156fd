import { describe, expect, it } from "vitest";
import { store } from "@/db/store";
import { caught } from "@/lib/test/caught";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { signUp } from "./sign-in";
import { SIGNUP_LIMIT } from "./signup-throttle";

const from = (ip: string) => new MemoryBrowser({ userAgent: "vitest", ip, secure: false }).context();

describe("sign-up is throttled per client", () => {
  it(`${SIGNUP_LIMIT.max} sign-ups from one client, then 429 with Retry-After; nothing written; other clients unaffected`, async () => {
    for (let i = 0; i < SIGNUP_LIMIT.max; i++) await signUp(`class-${i}`, "a-long-enough-password", from("198.51.100.7"));
    const refused = await caught(signUp("one-too-many", "a-long-enough-password", from("198.51.100.7")));
    expect(refused).toMatchObject({ status: 429, code: "rate_limited" });
    expect(refused.extra).toMatchObject({ details: { scope: "signup" } });
    expect(refused.extra.retryAfter).toBeGreaterThan(0);
    expect(await store().users.byUsername("one-too-many")).toBeUndefined();
    expect((await signUp("one-too-many", "a-long-enough-password", from("198.51.100.8"))).username).toBe("one-too-many");
  });

  it("a taken name counts too: every attempt costs a hash", async () => {
    await signUp("taken", "a-long-enough-password", from("198.51.100.9"));
    for (let i = 1; i < SIGNUP_LIMIT.max; i++) {
      expect(await caught(signUp("taken", "a-long-enough-password", from("198.51.100.9")))).toMatchObject({ code: "username_taken" });
    }
    expect(await caught(signUp("taken", "a-long-enough-password", from("198.51.100.9")))).toMatchObject({ code: "rate_limited" });
  });
});
