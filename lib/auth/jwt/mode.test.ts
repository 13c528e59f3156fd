import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, now } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { countQueries, dumpTables, tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { hashToken } from "../tokens";
import { createUser, toUserDTO } from "../users";
import { verifyAccessToken } from "./access-token";
import { jwtMode } from "./mode";
import { refreshJwt } from "./refresh";

const { authEvents, refreshTokens } = tables;

const ACCESS_TTL_MS = 300_000;
const REFRESH_TTL_S = 14 * 86_400;
const GRACE_MS = 5_000;

async function loggedIn(): Promise<{ browser: MemoryBrowser; userId: string }> {
  const user = await createUser("bob", "bob-password");
  const browser = new MemoryBrowser();
  await jwtMode.signIn(toUserDTO(user), browser.context());
  return { browser, userId: user.id };
}

const rows = async () => await testDb().select().from(refreshTokens);
const current = async () => (await rows()).filter((r) => r.usedAt === null && r.revokedAt === null);
const refreshCookie = (b: MemoryBrowser) => b.jar.get("authlab_refresh") ?? "";
const accessCookie = (b: MemoryBrowser) => b.jar.get("authlab_access") ?? "";
const rowOf = async (token: string) => (await rows()).find((r) => r.tokenHash === hashToken(token));

afterEach(() => {
  delete process.env.REFRESH_REUSE_GRACE;
});

describe("jwt mode: signIn", () => {
  it("sets an access cookie on / and a refresh cookie on /api/auth, both HttpOnly SameSite=Lax", async () => {
    const { browser } = await loggedIn();
    expect(browser.log).toHaveLength(2);
    const byName = Object.fromEntries(browser.log.map((c) => [c.name, c]));
    expect(byName.authlab_access).toMatchObject({ path: "/", httpOnly: true, sameSite: "lax", secure: false });
    expect(byName.authlab_refresh).toMatchObject({
      path: "/api/auth",
      httpOnly: true,
      sameSite: "lax",
      secure: false,
      maxAge: REFRESH_TTL_S,
    });
    expect(accessCookie(browser).split(".")).toHaveLength(3);
    expect(Buffer.from(refreshCookie(browser), "base64url").length).toBeGreaterThanOrEqual(32); // >= 256 bits
  });

  it("stores only the refresh token's hash, and no access token at all", async () => {
    const { browser, userId } = await loggedIn();
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ tokenHash: hashToken(refreshCookie(browser)), userId, parentId: null, usedAt: null, revokedAt: null });
    const access = accessCookie(browser);
    const dumps = await dumpTables();
    expect(Object.keys(dumps)).toContain("refresh_tokens");
    for (const [name, dump] of Object.entries(dumps)) {
      expect(dump, name).not.toContain(refreshCookie(browser));
      expect(dump, name).not.toContain(access.split(".")[2]);
    }
  });
});

describe("jwt mode: authenticate", () => {
  it("checks the signature with zero database queries", async () => {
    const { browser, userId } = await loggedIn();
    // The first call in a process may load process-wide caches (lib/auth/jwt/exposure.ts reads
    // the open revocation windows once); what is measured is every request after that.
    await jwtMode.authenticate(browser.context());
    const { result: r, queries } = await countQueries(() => jwtMode.authenticate(browser.context()));
    expect(queries).toBe(0);
    expect(r).toMatchObject({
      ok: true,
      mode: "jwt",
      user: { id: userId, username: "bob", role: "user" },
      login: { mode: "jwt", id: (await rows())[0]?.familyId },
    });
    expect(r.trace).toMatchObject({ mode: "jwt", cookie: "authlab_access", dbQueries: 0, failure: null });
  });

  it("no cookie → no_credentials; expired → token_expired", async () => {
    expect(await jwtMode.authenticate(new MemoryBrowser().context())).toMatchObject({ ok: false, code: "no_credentials" });
    const { browser } = await loggedIn();
    advanceClockForTests(ACCESS_TTL_MS);
    expect(await jwtMode.authenticate(browser.context())).toMatchObject({
      ok: false,
      code: "token_expired",
      trace: { failure: "token_expired" },
    });
  });
});

describe("jwt mode: refresh rotation", () => {
  it("rotates: new refresh cookie and access token, parent marked used, child in the same family", async () => {
    const { browser } = await loggedIn();
    const oldRefresh = refreshCookie(browser);
    const oldAccess = accessCookie(browser);
    const parent = await rowOf(oldRefresh);
    advanceClockForTests(1000);
    const r = await refreshJwt(browser.context());
    expect(r).toMatchObject({ ok: true, rotated: true, familyId: parent?.familyId, user: { username: "bob" } });
    expect(refreshCookie(browser)).not.toBe(oldRefresh);
    expect(accessCookie(browser)).not.toBe(oldAccess);
    expect(browser.log.slice(2).map((c) => [c.name, c.path])).toEqual([
      ["authlab_access", "/"],
      ["authlab_refresh", "/api/auth"],
    ]);
    expect((await rowOf(oldRefresh))?.usedAt).toEqual(expect.any(Number));
    const child = await rowOf(refreshCookie(browser));
    expect(child).toMatchObject({ parentId: parent?.id, familyId: parent?.familyId, usedAt: null, revokedAt: null });
    expect(await current()).toHaveLength(1);
  });

  it("a rotated token used again after the grace window kills the whole family", async () => {
    const { browser, userId } = await loggedIn();
    const attacker = browser.clone();
    expect((await refreshJwt(browser.context())).ok).toBe(true); // the legit user rotates
    advanceClockForTests(GRACE_MS + 1);
    expect(await refreshJwt(attacker.context())).toEqual({ ok: false, code: "refresh_reused" });
    const family = await rows();
    expect(family).toHaveLength(2);
    for (const r of family) expect(r).toMatchObject({ revokedAt: expect.any(Number), revokedReason: "reuse_detected" });
    const events = await testDb().select().from(authEvents).where(eq(authEvents.type, "reuse_detected"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId, mode: "jwt" });
    expect(JSON.parse(events[0]?.detail ?? "{}")).toMatchObject({ familyId: family[0]?.familyId, revoked: 2 });
    expect(attacker.jar.size).toBe(0); // its cookies are cleared
    // The legitimate holder's newer token is dead too, and it is told why.
    expect(await refreshJwt(browser.context())).toEqual({ ok: false, code: "refresh_reused" });
  });

  it("honours REFRESH_REUSE_GRACE from the environment", async () => {
    process.env.REFRESH_REUSE_GRACE = "30";
    resetEnvForTests();
    const { browser } = await loggedIn();
    const tab = browser.clone();
    await refreshJwt(browser.context());
    advanceClockForTests(20_000);
    expect(await refreshJwt(tab.context())).toMatchObject({ ok: true, rotated: false });
  });

  it("within the grace window a second use gets an access token but no new refresh token", async () => {
    const { browser } = await loggedIn();
    const tab = browser.clone();
    await refreshJwt(browser.context());
    advanceClockForTests(GRACE_MS - 1000);
    const before = tab.log.length;
    const r = await refreshJwt(tab.context());
    expect(r).toMatchObject({ ok: true, rotated: false });
    expect(tab.log.slice(before).map((c) => c.name)).toEqual(["authlab_access"]);
    expect((await verifyAccessToken(accessCookie(tab), now())).ok).toBe(true);
    expect(await rows()).toHaveLength(2);
    expect(await current()).toHaveLength(1);
    expect((await current())[0]?.tokenHash).toBe(hashToken(refreshCookie(browser)));
    expect(await testDb().select().from(authEvents).where(eq(authEvents.type, "reuse_detected"))).toHaveLength(0);
  });

  it("two tabs refreshing at once both succeed and leave exactly one current token", async () => {
    const { browser } = await loggedIn();
    const [a, b] = [browser.clone(), browser.clone()];
    const results = await Promise.all([refreshJwt(a.context()), refreshJwt(b.context())]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results.filter((r) => r.ok && r.rotated)).toHaveLength(1);
    expect(await rows()).toHaveLength(2);
    expect(await current()).toHaveLength(1);
    expect((await rows()).every((r) => r.revokedAt === null)).toBe(true);
  });

  it("an expired refresh token → refresh_expired, cookies cleared", async () => {
    const { browser } = await loggedIn();
    advanceClockForTests(REFRESH_TTL_S * 1000);
    expect(await refreshJwt(browser.context())).toEqual({ ok: false, code: "refresh_expired" });
    expect(browser.jar.size).toBe(0);
    expect(await current()).toHaveLength(1); // nothing rotated
  });

  it.each([
    ["missing", undefined],
    ["unknown", "A".repeat(43)],
    ["garbage", "%%%not a token%%%"],
    ["over 256 characters", "A".repeat(300)],
  ])("a %s refresh token → refresh_invalid", async (_name, value) => {
    await loggedIn();
    const b = new MemoryBrowser();
    if (value !== undefined) b.jar.set("authlab_refresh", value);
    expect(await refreshJwt(b.context())).toEqual({ ok: false, code: "refresh_invalid" });
    expect(await current()).toHaveLength(1);
    expect((await rows())[0]?.usedAt).toBeNull();
  });
});

describe("jwt mode: signOut", () => {
  it("revokes the family and clears both cookies on their own paths", async () => {
    const { browser } = await loggedIn();
    await refreshJwt(browser.context());
    const before = browser.log.length;
    await jwtMode.signOut(browser.context(), "logout");
    for (const r of await rows()) expect(r).toMatchObject({ revokedAt: expect.any(Number), revokedReason: "logout" });
    expect(browser.jar.size).toBe(0);
    expect(browser.log.slice(before).map((c) => [c.name, c.path, c.maxAge])).toEqual([
      ["authlab_access", "/", 0],
      ["authlab_refresh", "/api/auth", 0],
    ]);
    expect(await refreshJwt(browser.context())).toEqual({ ok: false, code: "refresh_invalid" });
  });

  it("the revocation gap: a copied access token keeps working until exp after logout", async () => {
    const { browser } = await loggedIn();
    const copy = browser.clone();
    await jwtMode.signOut(browser.context(), "logout");
    expect(await current()).toHaveLength(0);
    expect(await jwtMode.authenticate(copy.context())).toMatchObject({ ok: true, user: { username: "bob" } });
    advanceClockForTests(ACCESS_TTL_MS - 2000);
    expect((await jwtMode.authenticate(copy.context())).ok).toBe(true);
    advanceClockForTests(2000);
    expect(await jwtMode.authenticate(copy.context())).toMatchObject({ ok: false, code: "token_expired" });
    // ...and the copied refresh token cannot mint a new one.
    expect(await refreshJwt(copy.context())).toEqual({ ok: false, code: "refresh_invalid" });
  });

  it("with only an access cookie (the refresh cookie never reaches pages) it still finds and revokes the family", async () => {
    const { browser } = await loggedIn();
    const pageOnly = new MemoryBrowser();
    pageOnly.jar.set("authlab_access", accessCookie(browser));
    await jwtMode.signOut(pageOnly.context(), "logout");
    expect(await current()).toHaveLength(0);
  });
});

describe("jwt mode: a login's absolute lifetime (REFRESH_ABSOLUTE_TTL)", () => {
  afterEach(() => {
    delete process.env.REFRESH_TOKEN_TTL;
    delete process.env.REFRESH_ABSOLUTE_TTL;
  });

  it("rotation never pushes the family past its end; after it, refresh_expired", async () => {
    process.env.REFRESH_TOKEN_TTL = "100";
    process.env.REFRESH_ABSOLUTE_TTL = "150";
    resetEnvForTests();
    const { browser } = await loggedIn();
    const start = (await rowOf(refreshCookie(browser)))?.issuedAt ?? 0;
    expect(await rowOf(refreshCookie(browser))).toMatchObject({ expiresAt: start + 100_000, familyExpiresAt: start + 150_000 });

    advanceClockForTests(90_000);
    expect((await refreshJwt(browser.context())).ok).toBe(true);
    // min(own TTL: t+190 s, family end: t+150 s), and the cookie's Max-Age follows it.
    expect(await rowOf(refreshCookie(browser))).toMatchObject({ expiresAt: start + 150_000, familyExpiresAt: start + 150_000 });
    expect(browser.log.filter((c) => c.name === "authlab_refresh").at(-1)?.maxAge).toBeCloseTo(60, 0);
    // The access cookie ends with the login too (it no longer outlives the family).
    expect(browser.log.filter((c) => c.name === "authlab_access").at(-1)?.maxAge).toBeCloseTo(60, 0);

    advanceClockForTests(50_000); // t+140 s: still inside
    expect((await refreshJwt(browser.context())).ok).toBe(true);
    advanceClockForTests(11_000); // t+151 s: the family is over, however often it refreshed
    expect(await refreshJwt(browser.context())).toEqual({ ok: false, code: "refresh_expired" });
  });

  it("a token whose family ended before its own expiry (a lowered REFRESH_ABSOLUTE_TTL, an old row) → refresh_expired", async () => {
    const { browser } = await loggedIn();
    const row = await rowOf(refreshCookie(browser));
    await testDb()
      .update(refreshTokens)
      .set({ familyExpiresAt: now() + 1_000 })
      .where(eq(refreshTokens.id, row?.id ?? ""));
    advanceClockForTests(2_000);
    expect(await refreshJwt(browser.context())).toEqual({ ok: false, code: "refresh_expired" });
    expect(await current()).toHaveLength(1); // not rotated
  });

  it("refuses to start with an absolute lifetime shorter than one refresh token's", async () => {
    process.env.REFRESH_TOKEN_TTL = "100";
    process.env.REFRESH_ABSOLUTE_TTL = "50";
    resetEnvForTests();
    const { loadEnv } = await import("@/lib/env");
    expect(() => loadEnv()).toThrow(/REFRESH_ABSOLUTE_TTL must be >= REFRESH_TOKEN_TTL/);
  });
});
