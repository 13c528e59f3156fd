import { eq } from "drizzle-orm";
import { sealData, unsealData } from "iron-session";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { countQueries, dumpTables, tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { sessionPasswords } from "../keys";
import { hashToken } from "../tokens";
import { createUser, toUserDTO } from "../users";
import { sessionMode } from "./mode";
import { touchIntervalMs } from "./sessions";

const { authEvents, sessions } = tables;

const MIN = 60_000;
const IDLE_MS = 30 * MIN; // SESSION_IDLE_TTL default
const ABSOLUTE_S = 7 * 86_400; // SESSION_ABSOLUTE_TTL default

async function loggedIn(): Promise<{ browser: MemoryBrowser; userId: string }> {
  const user = await createUser("alice", "alice-password");
  const browser = new MemoryBrowser();
  await sessionMode.signIn(toUserDTO(user), browser.context());
  return { browser, userId: user.id };
}

function cookieOf(b: MemoryBrowser): string {
  const v = b.jar.get("authlab_session");
  if (!v) throw new Error("no session cookie");
  return v;
}

async function tokenIn(cookie: string): Promise<string> {
  const data = await unsealData<{ t: string }>(cookie, { password: sessionPasswords(), ttl: ABSOLUTE_S });
  return data.t;
}

const allSessions = async () => await testDb().select().from(sessions);
const eventCount = async () => (await testDb().select().from(authEvents)).length;

afterEach(() => {
  delete process.env.SESSION_IDLE_TTL;
  delete process.env.SESSION_ABSOLUTE_TTL;
});

describe("session mode: signIn", () => {
  it("sets one HttpOnly, SameSite=Lax, Path=/ cookie that lives as long as the session may", async () => {
    const { browser } = await loggedIn();
    expect(browser.log).toHaveLength(1);
    expect(browser.log[0]).toMatchObject({
      name: "authlab_session",
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: false,
      maxAge: ABSOLUTE_S,
    });
  });

  it("sets Secure when the request came over HTTPS", async () => {
    const user = await createUser("alice", "alice-password");
    const browser = new MemoryBrowser({ userAgent: "ua", ip: "10.0.0.1", secure: true });
    await sessionMode.signIn(toUserDTO(user), browser.context());
    expect(browser.log[0]?.secure).toBe(true);
  });

  it("keeps sha256(token) in the row and the token nowhere in the database", async () => {
    const { browser, userId } = await loggedIn();
    const token = await tokenIn(cookieOf(browser));
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16); // >= 128 bits
    const rows = await allSessions();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tokenHash: hashToken(token), userId, userAgent: "vitest", ip: "127.0.0.1", revokedAt: null });
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const dumps = await dumpTables();
    expect(Object.keys(dumps)).toContain("sessions");
    for (const [name, dump] of Object.entries(dumps)) {
      expect(dump, `table ${name}`).not.toContain(token);
    }
    expect(cookieOf(browser)).not.toContain(token); // sealed, not plain
  });

  it("issues a fresh token and row on every login (no fixation)", async () => {
    const { browser, userId } = await loggedIn();
    const first = cookieOf(browser);
    await sessionMode.signIn({ id: userId, username: "alice", role: "user" }, browser.context());
    const second = cookieOf(browser);
    expect(second).not.toBe(first);
    expect(await tokenIn(second)).not.toBe(await tokenIn(first));
    const rows = await allSessions();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.tokenHash)).size).toBe(2);
  });
});

describe("session mode: authenticate", () => {
  it("recognises the user with a trace of one DB query", async () => {
    const { browser, userId } = await loggedIn();
    const { result: r, queries } = await countQueries(() => sessionMode.authenticate(browser.context()));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.user).toEqual({ id: userId, username: "alice", role: "user" });
    expect(r.mode).toBe("session");
    expect(r.login.id).toBe((await allSessions())[0]?.id);
    expect(r.trace).toMatchObject({ mode: "session", cookie: "authlab_session", dbQueries: 1, failure: null });
    expect(r.trace.steps.map((s) => s.id)).toEqual(["read_cookie", "unseal", "hash_token", "db_lookup", "check_session_state"]);
    // Codes and parameters, never prose: the UI puts them into words (lib/i18n/codes.*.ts).
    expect(r.trace.steps.map((s) => s.detail?.code)).toEqual([
      "cookie_present",
      "seal_opened",
      "token_hash",
      "session_found",
      "session_live",
    ]);
    expect(r.trace.steps[3]?.detail?.params).toMatchObject({ user: "alice" });
    expect(r.trace.steps.every((s) => s.ok)).toBe(true);
    expect(queries).toBe(1); // the trace tells the truth
    expect(JSON.stringify(r)).not.toContain("passwordHash");
  });

  it("no cookie → no_credentials, no query", async () => {
    const { result: r, queries } = await countQueries(() => sessionMode.authenticate(new MemoryBrowser().context()));
    expect(r).toMatchObject({ ok: false, code: "no_credentials", trace: { failure: "no_credentials", dbQueries: 0 } });
    expect(queries).toBe(0);
  });

  describe("a cookie this server did not seal → malformed_credentials, nothing written", () => {
    const variants: Array<[string, (valid: string, token: string) => Promise<string>]> = [
      ["garbage", async () => "not-a-seal"],
      ["truncated", async (v) => v.slice(0, v.length - 10)],
      ["one character changed", async (v) => `${v.slice(0, 40)}${v[40] === "A" ? "B" : "A"}${v.slice(41)}`],
      [
        "sealed with another password",
        async (_v, t) => sealData({ t, a: Date.now() + 1e9 }, { password: "x".repeat(32), ttl: ABSOLUTE_S }),
      ],
      [
        "our seal of a token that is too short",
        async () => sealData({ t: "short", a: Date.now() + 1e9 }, { password: sessionPasswords(), ttl: ABSOLUTE_S }),
      ],
      ["over 4 KB", async (v) => v + "A".repeat(4096)],
    ];
    for (const [name, make] of variants) {
      it(name, async () => {
        const { browser } = await loggedIn();
        const forged = await make(cookieOf(browser), await tokenIn(cookieOf(browser)));
        const before = { rows: JSON.stringify(await allSessions()), events: await eventCount() };
        const attacker = new MemoryBrowser();
        attacker.jar.set("authlab_session", forged);
        const { result: r, queries } = await countQueries(() => sessionMode.authenticate(attacker.context()));
        expect(r).toMatchObject({ ok: false, code: "malformed_credentials", trace: { failure: "malformed_credentials", dbQueries: 0 } });
        expect(queries).toBe(0);
        expect(JSON.stringify(await allSessions())).toBe(before.rows);
        expect(await eventCount()).toBe(before.events);
      });
    }
  });

  it("our seal of a token with no row → session_not_found", async () => {
    await loggedIn();
    const b = new MemoryBrowser();
    b.jar.set(
      "authlab_session",
      await sealData({ t: "A".repeat(43), a: Date.now() + 1e9 }, { password: sessionPasswords(), ttl: ABSOLUTE_S }),
    );
    expect(await sessionMode.authenticate(b.context())).toMatchObject({ ok: false, code: "session_not_found" });
  });

  it("is still alive just before SESSION_IDLE_TTL of silence", async () => {
    const { browser } = await loggedIn();
    advanceClockForTests(IDLE_MS - 1000); // real time also passes between the two calls
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
  });

  it("expires after SESSION_IDLE_TTL without activity", async () => {
    const { browser } = await loggedIn();
    advanceClockForTests(IDLE_MS);
    const r = await sessionMode.authenticate(browser.context());
    expect(r).toMatchObject({ ok: false, code: "session_idle_expired", trace: { failure: "session_idle_expired", dbQueries: 1 } });
    expect(r.trace.steps.at(-1)).toMatchObject({ id: "check_session_state", ok: false, detail: { code: "session_idle_expired" } });
  });

  it("activity slides the idle window (last_seen is written at most once a minute)", async () => {
    const { browser } = await loggedIn();
    const created = (await allSessions())[0];
    // Within the throttle interval: a read, no write.
    advanceClockForTests(touchIntervalMs() - 1000);
    const quiet = await countQueries(() => sessionMode.authenticate(browser.context()));
    expect(quiet.queries).toBe(1);
    expect((await allSessions())[0]?.idleExpiresAt).toBe(created?.idleExpiresAt);
    // Twenty minutes in: the write happens and the window moves.
    advanceClockForTests(20 * MIN);
    const touched = await countQueries(() => sessionMode.authenticate(browser.context()));
    expect(touched.result.ok && touched.result.trace.dbQueries).toBe(2);
    expect(touched.queries).toBe(2);
    const slid = (await allSessions())[0];
    expect(slid?.lastSeenAt).toBeGreaterThan(created?.lastSeenAt ?? Infinity);
    expect(slid?.idleExpiresAt).toBe((slid?.lastSeenAt ?? 0) + IDLE_MS);
    // Past the original idle expiry, still alive because of the activity.
    advanceClockForTests(20 * MIN);
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    // Then a full idle period of silence ends it.
    advanceClockForTests(IDLE_MS);
    expect(await sessionMode.authenticate(browser.context())).toMatchObject({ ok: false, code: "session_idle_expired" });
  });

  it("ends at the absolute expiry however active the user is", async () => {
    process.env.SESSION_IDLE_TTL = "1800";
    process.env.SESSION_ABSOLUTE_TTL = "3600";
    resetEnvForTests();
    const { browser } = await loggedIn();
    expect(browser.log[0]?.maxAge).toBe(3600);
    for (let i = 0; i < 3; i++) {
      advanceClockForTests(19 * MIN);
      expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
    }
    expect((await allSessions())[0]?.idleExpiresAt).toBe((await allSessions())[0]?.absoluteExpiresAt); // capped
    advanceClockForTests(3 * MIN + 1); // 60 min + 1 ms after login
    expect(await sessionMode.authenticate(browser.context())).toMatchObject({
      ok: false,
      code: "session_expired",
      trace: { failure: "session_expired" },
    });
  });
});

describe("session mode: signOut", () => {
  it("revokes the row, clears the cookie, and a copied cookie no longer works", async () => {
    const { browser } = await loggedIn();
    const stolen = browser.clone();
    await sessionMode.signOut(browser.context(), "logout");
    const row = (await allSessions())[0];
    expect(row?.revokedAt).toEqual(expect.any(Number));
    expect(row?.revokedReason).toBe("logout");
    expect(browser.jar.has("authlab_session")).toBe(false);
    expect(browser.log.at(-1)).toMatchObject({ name: "authlab_session", value: "", path: "/", maxAge: 0, httpOnly: true, sameSite: "lax" });
    const logout = await testDb().select().from(authEvents).where(eq(authEvents.type, "logout"));
    expect(logout).toHaveLength(1);
    expect(await sessionMode.authenticate(stolen.context())).toMatchObject({
      ok: false,
      code: "session_revoked",
      trace: { failure: "session_revoked" },
    });
    expect(await sessionMode.authenticate(browser.context())).toMatchObject({ ok: false, code: "no_credentials" });
  });

  it("with a forged cookie it clears the cookie and revokes nothing", async () => {
    const { browser } = await loggedIn();
    const other = new MemoryBrowser();
    other.jar.set("authlab_session", "garbage");
    await sessionMode.signOut(other.context(), "logout");
    expect(other.jar.size).toBe(0);
    expect((await allSessions())[0]?.revokedAt).toBeNull();
    expect((await sessionMode.authenticate(browser.context())).ok).toBe(true);
  });
});
