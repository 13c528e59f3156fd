import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, now } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { CredentialCache, clearCredentialCachesForTests, credentialCache, credentialCacheStats } from "./credential-cache";
import { signAccessToken, verifyAccessToken } from "./jwt/access-token";
import { jwtMode } from "./jwt/mode";
import { resetKeysForTests } from "./keys";
import { sessionMode } from "./session/mode";
import { createUser, toUserDTO } from "./users";

const { sessions } = tables;

const OWNER = {};
const USER = { id: "user-1", username: "alice", role: "user" as const };
const TTL_S = 300; // ACCESS_TOKEN_TTL default

afterEach(() => {
  delete process.env.JWT_SECRET;
  delete process.env.SESSION_PASSWORD;
});

describe("CredentialCache", () => {
  it("remembers a value until its expiry instant, and not one millisecond longer", () => {
    const c = new CredentialCache<string>(10);
    c.set("cred", "v", 1_000, OWNER, 0);
    expect(c.get("cred", OWNER, 999)).toBe("v");
    expect(c.get("cred", OWNER, 1_000)).toBeUndefined();
    expect(c.stats().size).toBe(0); // a dead entry is dropped when met
  });

  it("never stores what is already dead", () => {
    const c = new CredentialCache<string>(10);
    c.set("cred", "v", 500, OWNER, 500);
    c.set("cred2", "v", 499, OWNER, 500);
    expect(c.stats().size).toBe(0);
  });

  it("is a miss under other key material than the value was opened with", () => {
    const c = new CredentialCache<string>(10);
    c.set("cred", "v", 1_000, OWNER, 0);
    expect(c.get("cred", {}, 1)).toBeUndefined();
    expect(c.get("cred", OWNER, 1)).toBeUndefined(); // and the stale entry is gone
  });

  it("matches only the exact credential", () => {
    const c = new CredentialCache<string>(10);
    c.set("credential-a", "v", 1_000, OWNER, 0);
    expect(c.get("credential-b", OWNER, 1)).toBeUndefined();
    expect(c.get("credential-a ", OWNER, 1)).toBeUndefined();
    expect(c.get("credential-a", OWNER, 1)).toBe("v");
  });

  it("is bounded: past maxEntries the least recently used goes first", () => {
    const c = new CredentialCache<number>(3);
    for (const k of ["a", "b", "c"]) c.set(k, 1, 1_000, OWNER, 0);
    expect(c.get("a", OWNER, 1)).toBe(1); // a is now the most recently used
    c.set("d", 1, 1_000, OWNER, 0); // evicts b
    c.set("e", 1, 1_000, OWNER, 0); // evicts c
    expect(c.stats().size).toBe(3);
    expect(["a", "b", "c", "d", "e"].filter((k) => c.get(k, OWNER, 1) !== undefined)).toEqual(["a", "d", "e"]);
  });

  it("keys entries by a SHA-256 digest, not by the credential (bounded key memory)", () => {
    const c = new CredentialCache<number>(3);
    const big = "x".repeat(4000);
    c.set(big, 1, 1_000, OWNER, 0);
    const keys = [...(c as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toHaveLength(44);
    expect(keys[0]).not.toContain("xxxx");
  });

  it("is one instance per kind per process (shared by every route bundle)", () => {
    expect(credentialCache("access-token")).toBe(credentialCache("access-token"));
    expect(credentialCache("access-token")).not.toBe(credentialCache("session-seal"));
  });
});

describe("verifyAccessToken with the cache", () => {
  it("verifies a token once; the next call is a hit that the result says it is", async () => {
    const { token, claims } = await signAccessToken(USER, "family-1", now());
    const first = await verifyAccessToken(token, now());
    expect(first).toEqual({ ok: true, claims });
    expect(first.ok && first.cached).toBeFalsy();
    const second = await verifyAccessToken(token, now());
    expect(second).toEqual({ ok: true, claims, cached: true });
  });

  it("a hit still checks exp against the clock, to the second", async () => {
    const t0 = Math.floor(now() / 1000) * 1000 + 200; // 200 ms into a second
    const { token } = await signAccessToken(USER, "family-1", t0);
    expect(await verifyAccessToken(token, t0)).toMatchObject({ ok: true });
    // exp = iat + TTL: valid through the last millisecond of second exp-1, dead at exp.
    const expMs = (Math.floor(t0 / 1000) + TTL_S) * 1000;
    expect(await verifyAccessToken(token, expMs - 1)).toMatchObject({ ok: true, cached: true });
    expect(await verifyAccessToken(token, expMs)).toEqual({ ok: false, code: "token_expired", detail: { code: "jwt_exp_passed" } });
    // Expired tokens are still readable where the caller allows it (logout, the inspector).
    expect(await verifyAccessToken(token, expMs + 60_000, { allowExpired: true })).toMatchObject({ ok: true });
  });

  it("answers exactly what a full verification answers, at every instant around the edges", async () => {
    const t0 = now();
    const { token } = await signAccessToken(USER, "family-1", t0);
    const iatMs = Math.floor(t0 / 1000) * 1000;
    const instants = [-6_001, -5_000, -1_000, -1, 0, 1, 1_000, TTL_S * 1000 - 1, TTL_S * 1000, TTL_S * 1000 + 1, (TTL_S + 6) * 1000];
    for (const allowExpired of [false, true]) {
      for (const d of instants) {
        clearCredentialCachesForTests();
        const fresh = await verifyAccessToken(token, iatMs + d, { allowExpired });
        await verifyAccessToken(token, t0); // warm the cache with a valid check
        const viaCache = await verifyAccessToken(token, iatMs + d, { allowExpired });
        const { cached: _c, ...comparable } = viaCache as typeof viaCache & { cached?: true };
        expect({ d, allowExpired, r: comparable }).toEqual({ d, allowExpired, r: fresh });
      }
    }
  });

  it("never caches a failure", async () => {
    const { token } = await signAccessToken(USER, "family-1", now());
    const [h, p, sig] = token.split(".");
    const forged = `${h}.${p}.${sig?.startsWith("A") ? "B" : "A"}${sig?.slice(1)}`;
    const before = credentialCacheStats()["access-token"]?.size ?? 0;
    expect(await verifyAccessToken(forged, now())).toMatchObject({ ok: false, code: "token_invalid" });
    expect(await verifyAccessToken(forged, now())).toMatchObject({ ok: false, code: "token_invalid" });
    expect(credentialCacheStats()["access-token"]?.size ?? 0).toBe(before);
  });

  it("a token cached under one key is not trusted after the key changes", async () => {
    process.env.JWT_SECRET = "a".repeat(48);
    resetEnvForTests();
    resetKeysForTests();
    const { token } = await signAccessToken(USER, "family-1", now());
    expect(await verifyAccessToken(token, now())).toMatchObject({ ok: true });
    process.env.JWT_SECRET = "b".repeat(48);
    resetEnvForTests();
    resetKeysForTests();
    expect(await verifyAccessToken(token, now())).toMatchObject({ ok: false, code: "token_invalid", detail: { code: "jwt_unknown_kid" } });
  });

  it("the trace tells first seen from cache hit", async () => {
    const user = await createUser("bob", "bob-password");
    const browser = new MemoryBrowser();
    await jwtMode.signIn(toUserDTO(user), browser.context());
    const first = await jwtMode.authenticate(browser.context());
    const second = await jwtMode.authenticate(browser.context());
    const detail = (r: typeof first) => r.trace.steps.find((s) => s.id === "verify_jwt")?.detail?.code;
    expect(detail(first)).toBe("jwt_verified");
    expect(detail(second)).toBe("jwt_cache_hit");
  });
});

describe("session seals with the cache", () => {
  async function loggedIn() {
    const user = await createUser("alice", "alice-password");
    const browser = new MemoryBrowser();
    await sessionMode.signIn(toUserDTO(user), browser.context());
    return browser;
  }
  const unsealDetail = (r: Awaited<ReturnType<typeof sessionMode.authenticate>>) =>
    r.trace.steps.find((s) => s.id === "unseal")?.detail?.code;

  it("opens a seal once; later requests skip the crypto but still read the row", async () => {
    const browser = await loggedIn();
    const first = await sessionMode.authenticate(browser.context());
    const second = await sessionMode.authenticate(browser.context());
    expect(first.ok && second.ok).toBe(true);
    expect(unsealDetail(first)).toBe("seal_opened");
    expect(unsealDetail(second)).toBe("seal_cache_hit");
    expect(second.trace.dbQueries).toBe(1);
  });

  it("revocation is seen on the very next request, cache or not", async () => {
    const browser = await loggedIn();
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    await testDb().update(sessions).set({ revokedAt: now(), revokedReason: "forced_logout" });
    const next = await sessionMode.authenticate(browser.context());
    expect(unsealDetail(next)).toBe("seal_cache_hit");
    expect(next).toMatchObject({ ok: false, code: "session_revoked" });
  });

  it("a deleted row is seen on the very next request", async () => {
    const browser = await loggedIn();
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    const id = (await testDb().select().from(sessions))[0]?.id ?? "";
    await testDb().delete(sessions).where(eq(sessions.id, id));
    expect(await sessionMode.authenticate(browser.context())).toMatchObject({ ok: false, code: "session_not_found" });
  });

  it("an entry does not outlive the seal's absolute expiry", async () => {
    const browser = await loggedIn();
    await sessionMode.authenticate(browser.context());
    advanceClockForTests(7 * 86_400_000); // SESSION_ABSOLUTE_TTL default
    const later = await sessionMode.authenticate(browser.context());
    expect(unsealDetail(later)).toBe("seal_opened"); // the entry had died: opened again
    expect(later).toMatchObject({ ok: false, code: "session_expired" });
  });

  it("never caches a seal that did not open", async () => {
    const browser = await loggedIn();
    const seal = browser.jar.get("authlab_session") ?? "";
    const attacker = new MemoryBrowser();
    attacker.jar.set("authlab_session", `${seal.slice(0, 40)}${seal[40] === "A" ? "B" : "A"}${seal.slice(41)}`);
    const before = credentialCacheStats()["session-seal"]?.size ?? 0;
    expect(await sessionMode.authenticate(attacker.context())).toMatchObject({ ok: false, code: "malformed_credentials" });
    expect(credentialCacheStats()["session-seal"]?.size ?? 0).toBe(before);
  });

  it("after the session password changes, a cached seal is opened again (and fails)", async () => {
    process.env.SESSION_PASSWORD = "p".repeat(40);
    resetEnvForTests();
    resetKeysForTests();
    const browser = await loggedIn();
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    process.env.SESSION_PASSWORD = "q".repeat(40);
    resetEnvForTests();
    resetKeysForTests();
    expect(await sessionMode.authenticate(browser.context())).toMatchObject({ ok: false, code: "malformed_credentials" });
  });
});
