import { describe, expect, it } from "vitest";
import { advanceClockForTests } from "@/lib/clock";
import { caught } from "@/lib/test/caught";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { checkLoginAllowed, progressiveDelaySeconds, recordLoginFailure, recordLoginSuccess } from "./login-throttle";
import { checkPasswordAttempt, clearPasswordFailures, recordPasswordFailure } from "./password-attempts";
import { logIn, signUp } from "./sign-in";

const PASSWORD = "s3cret-passphrase";
const client = (ip: string, ua = "vitest") => new MemoryBrowser({ userAgent: ua, ip, secure: false });
const meta = (ip: string) => ({ userAgent: "vitest", ip, secure: false });
const scopeOf = (err: { extra: { details?: unknown } }) => (err.extra.details as { scope?: string } | undefined)?.scope;

describe("progressiveDelaySeconds", () => {
  it("0 below 5 failures, then 30 s doubling from the last failure, at most 15 min", () => {
    const at = 1_700_000_000_000;
    expect(progressiveDelaySeconds(4, at, at)).toBe(0);
    expect(progressiveDelaySeconds(5, at, at)).toBe(30);
    expect(progressiveDelaySeconds(6, at, at)).toBe(60);
    expect(progressiveDelaySeconds(8, at, at)).toBe(240);
    expect(progressiveDelaySeconds(20, at, at)).toBe(900);
    expect(progressiveDelaySeconds(5, at, at + 29_000)).toBe(1);
    expect(progressiveDelaySeconds(5, at, at + 30_000)).toBe(0);
  });
});

describe("login throttle", () => {
  it("parallel attempts cannot slip past the check: 20 at once from one client, at most 5 reach the hash", async () => {
    await signUp("ivan", PASSWORD, client("198.51.100.1").context());
    const attacker = client("203.0.113.9");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => caught(logIn({ username: "ivan", password: `guess-${i}` }, attacker.context()))),
    );
    const codes = results.map((e) => e.code);
    expect(codes.filter((c) => c === "invalid_credentials")).toHaveLength(5);
    // The rest never hash: held by the throttle, or (the hashing queue is short here) told
    // the server is busy before the throttle counted them.
    expect(codes.filter((c) => c !== "invalid_credentials").every((c) => c === "rate_limited" || c === "busy")).toBe(true);
    expect(codes.filter((c) => c === "rate_limited").length).toBeGreaterThan(0);
    // The owner from elsewhere is not held.
    expect((await logIn({ username: "ivan", password: PASSWORD }, client("198.51.100.2").context())).user.username).toBe("ivan");
  });

  it("a 429 says which allowance ran out (details.scope), the same for known and unknown names", async () => {
    await signUp("ivan", PASSWORD, client("198.51.100.1").context());
    for (const name of ["ivan", "nobody-here"]) {
      const attacker = client(`203.0.113.${name.length}`);
      for (let i = 0; i < 5; i++) await caught(logIn({ username: name, password: `x-${i}` }, attacker.context()));
      const err = await caught(logIn({ username: name, password: PASSWORD }, attacker.context()));
      expect(err).toMatchObject({ status: 429, code: "rate_limited", message: "Too many failed logins. Try again in 30 seconds." });
      expect(err.extra).toMatchObject({ retryAfter: 30, details: { scope: "account_client", retryAfter: 30 } });
    }
    // Across 50 accounts from one network: "network".
    const sprayer = client("203.0.113.50");
    for (let i = 0; i < 50; i++) await caught(logIn({ username: `spray-${i}`, password: "Winter2025!" }, sprayer.context()));
    expect(scopeOf(await caught(logIn({ username: "ivan", password: PASSWORD }, sprayer.context())))).toBe("network");
  });

  it("the account's ceiling holds new clients (scope account) but takes back the owner's right answers", async () => {
    await signUp("ivan", PASSWORD, client("198.51.100.1").context());
    // 29 failures from a botnet: one below the ceiling.
    for (let i = 0; i < 29; i++) await caught(logIn({ username: "ivan", password: `guess-${i}` }, client(`203.0.113.${i}`).context()));
    // Each right login from a new address is let through and taken back, so the next still fits.
    for (let i = 0; i < 3; i++)
      expect((await logIn({ username: "ivan", password: PASSWORD }, client(`198.51.100.${10 + i}`).context())).mode).toBe("session");
    await caught(logIn({ username: "ivan", password: "guess-30" }, client("203.0.113.200").context()));
    const held = await caught(logIn({ username: "ivan", password: PASSWORD }, client("198.51.100.99").context()));
    expect(held).toMatchObject({ status: 429, code: "rate_limited" });
    expect(scopeOf(held)).toBe("account");
  });

  it("a known device has its own progressive bucket (scope device) and is never held by the ceilings", async () => {
    await signUp("ivan", PASSWORD, client("198.51.100.1").context());
    const owner = client("198.51.100.1", "owner");
    await logIn({ username: "ivan", password: PASSWORD }, owner.context());
    for (let i = 0; i < 60; i++) await caught(logIn({ username: "ivan", password: `guess-${i}` }, client(`203.0.113.${i}`).context()));
    // The owner's own typos: 5 free, then its own doubling delay.
    for (let i = 0; i < 5; i++)
      expect((await caught(logIn({ username: "ivan", password: `typo-${i}` }, owner.context()))).code).toBe("invalid_credentials");
    const slowed = await caught(logIn({ username: "ivan", password: PASSWORD }, owner.context()));
    expect(scopeOf(slowed)).toBe("device");
    expect(slowed.extra.retryAfter).toBe(30);
    advanceClockForTests(30_000);
    expect((await logIn({ username: "ivan", password: PASSWORD }, owner.context())).user.username).toBe("ivan");
  });

  it("a device cookie of another account earns nothing on this one", async () => {
    await signUp("ivan", PASSWORD, client("198.51.100.1").context());
    await signUp("mallory", PASSWORD, client("203.0.113.1").context());
    const mallory = client("203.0.113.1");
    await logIn({ username: "mallory", password: PASSWORD }, mallory.context());
    expect(mallory.jar.get("authlab_device")).toBeTruthy();
    for (let i = 0; i < 5; i++) await caught(logIn({ username: "ivan", password: `guess-${i}` }, mallory.context()));
    const err = await caught(logIn({ username: "ivan", password: PASSWORD }, mallory.context()));
    expect(scopeOf(err)).toBe("account_client");
  });

  it("the three calls without logIn: a failure recorded without a check still counts once; a success forgives", async () => {
    const ctx = client("203.0.113.7").context();
    for (let i = 0; i < 5; i++) {
      const c = client("203.0.113.7").context();
      await checkLoginAllowed("ghost", c);
      await recordLoginFailure("ghost", c); // counted at the check: not twice
    }
    await expect(checkLoginAllowed("ghost", ctx)).rejects.toThrow(/Try again in 30 seconds/);
    await recordLoginSuccess("ghost", ctx);
    await expect(checkLoginAllowed("ghost", client("203.0.113.7").context())).resolves.toBeUndefined();
  });

  it("parallel logins to one account cannot all pass a check made before any was counted", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => checkLoginAllowed("target", client("203.0.113.8").context())),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  });
});

describe("password attempts (re-authentication)", () => {
  it("per account and client: 5 free, then the doubling delay; parallel attempts are counted at the check", async () => {
    const pending = Array.from({ length: 8 }, () => meta("203.0.113.5"));
    const settled = await Promise.allSettled(pending.map((m) => checkPasswordAttempt("u1", m)));
    const letThrough = pending.filter((_, i) => settled[i]?.status === "fulfilled");
    expect(letThrough).toHaveLength(5);
    for (const m of letThrough) await recordPasswordFailure("u1", m);
    let err: unknown;
    try {
      await checkPasswordAttempt("u1", meta("203.0.113.5"));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ status: 429, code: "rate_limited", extra: { retryAfter: 30 } });
    advanceClockForTests(30_000);
    const right = meta("203.0.113.5");
    await checkPasswordAttempt("u1", right);
    await clearPasswordFailures("u1", right);
    // Forgiven: 5 more are free; another client was never held.
    for (let i = 0; i < 5; i++) {
      const m = meta("203.0.113.5");
      await checkPasswordAttempt("u1", m);
      await recordPasswordFailure("u1", m);
    }
    await expect(checkPasswordAttempt("u1", meta("198.51.100.5"))).resolves.toBeUndefined();
  });
});
