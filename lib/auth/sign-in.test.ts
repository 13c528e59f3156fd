import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { advanceClockForTests } from "@/lib/clock";
import { caught } from "@/lib/test/caught";
import { tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { authenticateRequest } from "./modes";
import { logIn, signUp, switchMode } from "./sign-in";
import { signupBody } from "./validation";

const { authEvents, refreshTokens, sessions, users } = tables;

const PASSWORD = "s3cret-passphrase";

/** What the signup route does: validate (which normalises), then signUp. */
function signUpViaRoute(username: string, password: string, b = new MemoryBrowser()) {
  const body = signupBody.parse({ username, password });
  return signUp(body.username, body.password, b.context());
}

const sessionRows = async () => await testDb().select().from(sessions);
const refreshRows = async () => await testDb().select().from(refreshTokens);
const events = async (type: string) => await testDb().select().from(authEvents).where(eq(authEvents.type, type));

describe("signUp", () => {
  it("creates a user profile without the password hash, logged as an event", async () => {
    const user = await signUpViaRoute("Carol", PASSWORD);
    expect(user).toEqual({
      id: expect.any(String),
      username: "carol",
      role: "user",
      preferredMode: "session",
      concurrentLogins: "many",
      createdAt: expect.any(Number),
    });
    expect(JSON.stringify(user)).not.toContain("scrypt");
    expect(await events("signup")).toHaveLength(1);
  });

  it('"Admin" and "ａｄｍｉｎ" are one account: the second signup is 409 username_taken', async () => {
    await signUpViaRoute("Admin", PASSWORD);
    const err = await caught(signUpViaRoute("ａｄｍｉｎ", "other-password"));
    expect(err).toMatchObject({ status: 409, code: "username_taken", message: "That username is taken. Choose another one." });
    expect((await testDb().select().from(users)).map((u) => u.username)).toEqual(["admin"]);
  });

  it("signUp itself folds the username, as logIn does (no account that can never log in)", async () => {
    await signUp("Admin", PASSWORD, new MemoryBrowser().context());
    const err = await caught(signUp("ａｄｍｉｎ", PASSWORD, new MemoryBrowser().context()));
    expect(err).toMatchObject({ status: 409, code: "username_taken" });
    const r = await logIn({ username: "Admin", password: PASSWORD }, new MemoryBrowser().context());
    expect(r.user.username).toBe("admin");
  });
});

describe("logIn", () => {
  it.each(["session", "jwt"] as const)("in %s mode issues that mode's credentials, which authenticate", async (mode) => {
    const user = await signUpViaRoute("dave", PASSWORD);
    const b = new MemoryBrowser();
    const r = await logIn({ username: "DAVE", password: PASSWORD, mode }, b.context());
    expect(r).toMatchObject({ mode, user: { id: user.id, username: "dave", preferredMode: mode } });
    const expected =
      mode === "session"
        ? ["authlab_session", "authlab_pref_mode", "authlab_device"]
        : ["authlab_access", "authlab_refresh", "authlab_pref_mode", "authlab_device"];
    expect([...b.jar.keys()].sort()).toEqual(expected.sort());
    // The device cookie is not a credential: HttpOnly, only for /api/auth, and it logs nobody in.
    expect(b.log.find((c) => c.name === "authlab_device")).toMatchObject({ path: "/api/auth", httpOnly: true, sameSite: "lax" });
    expect(b.jar.get("authlab_pref_mode")).toBe(mode);
    expect(await authenticateRequest(b.context())).toMatchObject({ ok: true, mode, user: { id: user.id } });
    expect((await testDb().select().from(users).where(eq(users.id, user.id)).limit(1))[0]?.preferredMode).toBe(mode);
    expect(await events("login")).toHaveLength(1);
  });

  it("without a mode uses the user's preferred mode", async () => {
    await signUpViaRoute("erin", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "erin", password: PASSWORD, mode: "jwt" }, b.context());
    const again = await logIn({ username: "erin", password: PASSWORD }, new MemoryBrowser().context());
    expect(again.mode).toBe("jwt");
  });

  it("wrong password and unknown user get the same 401 code and message", async () => {
    await signUpViaRoute("frank", PASSWORD);
    const wrong = await caught(logIn({ username: "frank", password: "not-the-password" }, new MemoryBrowser().context()));
    const unknown = await caught(logIn({ username: "nobody", password: PASSWORD }, new MemoryBrowser().context()));
    expect(wrong).toMatchObject({ status: 401, code: "invalid_credentials", message: "Wrong username or password." });
    expect([unknown.status, unknown.code, unknown.message]).toEqual([wrong.status, wrong.code, wrong.message]);
    expect(await sessionRows()).toHaveLength(0);
    expect(await events("login_failed")).toHaveLength(2);
  });

  it("a login revokes this browser's previous credentials (session → jwt)", async () => {
    await signUpViaRoute("grace", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "grace", password: PASSWORD, mode: "session" }, b.context());
    const oldCookie = b.clone();
    await logIn({ username: "grace", password: PASSWORD, mode: "jwt" }, b.context());
    expect(await sessionRows()).toHaveLength(1);
    expect((await sessionRows())[0]).toMatchObject({ revokedAt: expect.any(Number), revokedReason: "replaced_by_login" });
    expect(b.jar.has("authlab_session")).toBe(false);
    expect(await authenticateRequest(oldCookie.context())).toMatchObject({ ok: false, code: "session_revoked" });
    expect(await authenticateRequest(b.context())).toMatchObject({ ok: true, mode: "jwt" });
  });

  it("a login revokes this browser's previous credentials (jwt → session)", async () => {
    await signUpViaRoute("heidi", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "heidi", password: PASSWORD, mode: "jwt" }, b.context());
    await logIn({ username: "heidi", password: PASSWORD, mode: "session" }, b.context());
    expect(await refreshRows()).toHaveLength(1);
    expect((await refreshRows())[0]).toMatchObject({ revokedAt: expect.any(Number), revokedReason: "replaced_by_login" });
    expect(b.jar.has("authlab_access") || b.jar.has("authlab_refresh")).toBe(false);
  });
});

describe("logIn rate limiting", () => {
  const fail = (username = "ivan") => caught(logIn({ username, password: "wrong-password" }, new MemoryBrowser().context()));
  const right = (username = "ivan") => logIn({ username, password: PASSWORD }, new MemoryBrowser().context());

  it("per account and client: 5 failures free, then a delay that doubles (30 s, 60 s…), even for the right password", async () => {
    await signUpViaRoute("ivan", PASSWORD);
    for (let i = 0; i < 5; i++) expect((await fail()).code).toBe("invalid_credentials");
    const limited = await caught(right());
    expect(limited).toMatchObject({ status: 429, code: "rate_limited" });
    expect(limited.extra.retryAfter).toBeGreaterThanOrEqual(29);
    expect(limited.extra.retryAfter).toBeLessThanOrEqual(30);
    expect(limited.message).toBe(`Too many failed logins. Try again in ${limited.extra.retryAfter} seconds.`);
    expect(await events("rate_limited")).toHaveLength(1);
    expect(await sessionRows()).toHaveLength(0);
    // Case variants are the same account, so the same bucket.
    expect((await caught(logIn({ username: "IVAN", password: PASSWORD }, new MemoryBrowser().context()))).code).toBe("rate_limited");

    advanceClockForTests(31_000);
    expect((await fail()).code).toBe("invalid_credentials"); // the 6th failure…
    const longer = await caught(right());
    expect(longer.extra.retryAfter).toBeGreaterThanOrEqual(59); // …doubles the wait
    expect(longer.extra.retryAfter).toBeLessThanOrEqual(60);
    advanceClockForTests(61_000);
    expect((await right()).mode).toBe("session");
  });

  it("a stranger's failures never lock the owner out: another client, or a known device, still logs in", async () => {
    await signUpViaRoute("ivan", PASSWORD);
    const owner = new MemoryBrowser({ userAgent: "owner", ip: "198.51.100.7", secure: false });
    await logIn({ username: "ivan", password: PASSWORD }, owner.context()); // now a known device
    expect(owner.jar.has("authlab_device")).toBe(true);
    const attacker = (i: number) => new MemoryBrowser({ userAgent: "bot", ip: `203.0.113.${i}`, secure: false });
    // A botnet: 6 addresses × 5 failures reaches the account's ceiling (30)…
    for (let i = 1; i <= 6; i++)
      for (let j = 0; j < 5; j++) await caught(logIn({ username: "ivan", password: `guess-${i}-${j}` }, attacker(i).context()));
    // …which holds strangers…
    expect((await caught(logIn({ username: "ivan", password: PASSWORD }, attacker(99).context()))).code).toBe("rate_limited");
    // …but not the owner's known device, which has its own allowance.
    expect((await logIn({ username: "ivan", password: PASSWORD }, owner.context())).user.username).toBe("ivan");
    // One attacker alone slows only itself: the owner from a new address is not held.
    advanceClockForTests(16 * 60_000);
    for (let j = 0; j < 10; j++) await caught(logIn({ username: "ivan", password: `again-${j}` }, attacker(1).context()));
    const fresh = new MemoryBrowser({ userAgent: "owner-phone", ip: "198.51.100.8", secure: false });
    expect((await logIn({ username: "ivan", password: PASSWORD }, fresh.context())).user.username).toBe("ivan");
  });

  it("a forged or tampered device cookie earns nothing", async () => {
    await signUpViaRoute("ivan", PASSWORD);
    const owner = new MemoryBrowser();
    await logIn({ username: "ivan", password: PASSWORD }, owner.context());
    const real = owner.jar.get("authlab_device") ?? "";
    for (const forged of [`${real.slice(0, -2)}xx`, "eyJkIjoiYSIsInUiOiJpdmFuIn0.AAAA", "garbage"]) {
      const b = new MemoryBrowser();
      b.jar.set("authlab_device", forged);
      for (let i = 0; i < 5; i++) await caught(logIn({ username: "ivan", password: `x-${i}-${forged.length}` }, b.context()));
      expect((await caught(logIn({ username: "ivan", password: PASSWORD }, b.context()))).code).toBe("rate_limited");
      advanceClockForTests(16 * 60_000);
    }
  });

  it("a success clears the account's failures; other accounts are unaffected", async () => {
    await signUpViaRoute("ivan", PASSWORD);
    await signUpViaRoute("judy", PASSWORD);
    for (let i = 0; i < 4; i++) await fail();
    await right();
    for (let i = 0; i < 4; i++) await fail();
    expect((await right()).user.username).toBe("ivan");
    for (let i = 0; i < 5; i++) await fail();
    expect((await caught(right())).code).toBe("rate_limited");
    expect((await right("judy")).user.username).toBe("judy");
  });
});

describe("switchMode", () => {
  it("session → jwt: revokes the session, issues jwt cookies, saves the preference", async () => {
    const user = await signUpViaRoute("kate", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "kate", password: PASSWORD, mode: "session" }, b.context());
    const r = await switchMode(user.id, "jwt", b.context());
    expect(r).toMatchObject({ mode: "jwt", user: { id: user.id, preferredMode: "jwt" } });
    expect((await sessionRows())[0]).toMatchObject({ revokedAt: expect.any(Number), revokedReason: "mode_switched" });
    expect([...b.jar.keys()].sort()).toEqual(["authlab_access", "authlab_device", "authlab_pref_mode", "authlab_refresh"]);
    expect(b.jar.get("authlab_pref_mode")).toBe("jwt");
    expect((await testDb().select().from(users).where(eq(users.id, user.id)).limit(1))[0]?.preferredMode).toBe("jwt");
    expect(await authenticateRequest(b.context())).toMatchObject({ ok: true, mode: "jwt" });
    expect(await events("mode_switched")).toHaveLength(1);
  });

  it("jwt → session: revokes the refresh family and clears both jwt cookies", async () => {
    const user = await signUpViaRoute("liam", PASSWORD);
    const b = new MemoryBrowser();
    await logIn({ username: "liam", password: PASSWORD, mode: "jwt" }, b.context());
    await switchMode(user.id, "session", b.context());
    expect((await refreshRows())[0]).toMatchObject({ revokedAt: expect.any(Number), revokedReason: "mode_switched" });
    expect([...b.jar.keys()].sort()).toEqual(["authlab_device", "authlab_pref_mode", "authlab_session"]);
    expect(await authenticateRequest(b.context())).toMatchObject({ ok: true, mode: "session" });
  });

  it("for a deleted user → 401 user_not_found", async () => {
    const err = await caught(switchMode("no-such-id", "jwt", new MemoryBrowser().context()));
    expect(err).toMatchObject({ status: 401, code: "user_not_found" });
  });
});
