import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClockForTests, now } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { tables, testDb } from "@/lib/test/db";
import { MemoryBrowser } from "@/lib/test/memory-context";
import { endLogin, endLoginsOf } from "./end-login";
import { listExposureWindows } from "./jwt/exposure";
import { refreshJwt } from "./jwt/refresh";
import { listActiveLogins, ownerOfLogin } from "./login-list";
import { loginKey, parseLoginKey } from "./login-ref";
import { authenticateRequest, currentLogin } from "./modes";
import { logIn } from "./sign-in";
import { createUser } from "./users";

const { authEvents, jwtDenylist } = tables;

const PASSWORD = "a-long-passphrase";
const ACCESS_TTL_MS = 300_000;
const UUID = "0b7a2f4c-9d1e-4f3a-8b6c-5d4e3f2a1b0c";

afterEach(() => {
  delete process.env.JWT_DENYLIST;
  resetEnvForTests();
});

/** A user with one browser per requested mode, each logged in. */
async function userWith(...modes: Array<"session" | "jwt">): Promise<{ userId: string; browsers: MemoryBrowser[] }> {
  const user = await createUser("carol", PASSWORD);
  const browsers: MemoryBrowser[] = [];
  for (const mode of modes) {
    const b = new MemoryBrowser({ userAgent: `agent-${mode}-${browsers.length}`, ip: "10.0.0.1", secure: false });
    await logIn({ username: "carol", password: PASSWORD, mode }, b.context());
    browsers.push(b);
  }
  return { userId: user.id, browsers };
}

function refOf(id: string) {
  const ref = parseLoginKey(id);
  if (!ref) throw new Error(`not a login id: ${id}`);
  return ref;
}

const eventsOf = async (userId: string, type: string) =>
  (
    await testDb()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.userId, userId), eq(authEvents.type, type)))
  ).map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));

/** recordGapRequest logs off the request path (setImmediate): let it run. */
const afterLogging = () => new Promise((resolve) => setImmediate(resolve));

describe("login ids", () => {
  it("round-trip for both modes", () => {
    expect(loginKey({ mode: "session", id: UUID })).toBe(`s_${UUID}`);
    expect(loginKey({ mode: "jwt", id: UUID })).toBe(`j_${UUID}`);
    expect(parseLoginKey(`s_${UUID}`)).toEqual({ mode: "session", id: UUID });
    expect(parseLoginKey(`j_${UUID}`)).toEqual({ mode: "jwt", id: UUID });
  });

  it.each(["", "s_", `x_${UUID}`, `s_${UUID.toUpperCase()}`, `s_${UUID}x`, "s_../../etc", `j ${UUID}`])("rejects %j", (id) => {
    expect(parseLoginKey(id)).toBeNull();
  });
});

describe("listActiveLogins", () => {
  it("lists a session row and a refresh-token family, marking the browser's own", async () => {
    const { userId, browsers } = await userWith("session", "jwt");
    const [sessionBrowser, jwtBrowser] = browsers as [MemoryBrowser, MemoryBrowser];
    const mine = await currentLogin(sessionBrowser.context());
    const items = await listActiveLogins(userId, now(), mine);
    expect(items.map((i) => [i.mode, i.current, i.userAgent, i.ip]).sort()).toEqual([
      ["jwt", false, "agent-jwt-1", "10.0.0.1"],
      ["session", true, "agent-session-0", "10.0.0.1"],
    ]);
    const fromJwt = await listActiveLogins(userId, now(), await currentLogin(jwtBrowser.context()));
    expect(fromJwt.find((i) => i.current)?.mode).toBe("jwt");
    for (const item of items) {
      expect(item.id).toMatch(/^[sj]_[0-9a-f-]{36}$/);
      expect(item.expiresAt).toBeGreaterThan(now());
    }
  });

  it("a JWT login stays one item across refreshes: created at its first token, last seen at its latest", async () => {
    const { userId, browsers } = await userWith("jwt");
    const b = browsers[0] as MemoryBrowser;
    const [before] = await listActiveLogins(userId, now());
    advanceClockForTests(60_000);
    expect((await refreshJwt(b.context())).ok).toBe(true);
    const after = await listActiveLogins(userId, now());
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before?.id);
    expect(after[0]?.createdAt).toBe(before?.createdAt);
    // The rotation's own time: a minute after the first token, at most now.
    expect(after[0]?.lastSeenAt).toBeGreaterThanOrEqual((before?.lastSeenAt ?? 0) + 60_000);
    expect(after[0]?.lastSeenAt).toBeLessThanOrEqual(now());
  });

  it("leaves out ended and expired logins, and other users' logins", async () => {
    const { userId } = await userWith("session", "jwt", "session");
    const other = await createUser("dave", PASSWORD);
    await logIn({ username: "dave", password: PASSWORD }, new MemoryBrowser().context());
    const items = await listActiveLogins(userId, now());
    expect(items.map((i) => i.mode).sort()).toEqual(["jwt", "session", "session"]);
    const aSession = items.find((i) => i.mode === "session");
    await endLogin(refOf(aSession?.id ?? ""), "revoked_by_user");
    expect((await listActiveLogins(userId, now())).map((i) => i.mode).sort()).toEqual(["jwt", "session"]);
    expect(await listActiveLogins(other.id, now())).toHaveLength(1);
    // Past the session idle timeout (30 min) the session is gone; the JWT family (14 days) stays.
    expect((await listActiveLogins(userId, now() + 31 * 60_000)).map((i) => i.mode)).toEqual(["jwt"]);
  });
});

describe("ownerOfLogin", () => {
  it("own logins belong, another user's and unknown ones do not", async () => {
    const { userId } = await userWith("session", "jwt");
    const other = await createUser("dave", PASSWORD);
    for (const item of await listActiveLogins(userId, now())) {
      const ref = refOf(item.id);
      expect((await ownerOfLogin(ref)) === userId).toBe(true);
      expect((await ownerOfLogin(ref)) === other.id).toBe(false);
      expect(await ownerOfLogin(ref)).toBe(userId);
    }
    expect((await ownerOfLogin({ mode: "session", id: UUID })) === userId).toBe(false);
    expect(await ownerOfLogin({ mode: "jwt", id: UUID })).toBeUndefined();
  });
});

describe("endLogin: a session", () => {
  it("is refused on its very next request, logged once, and cannot be ended twice", async () => {
    const { userId, browsers } = await userWith("session");
    const b = browsers[0] as MemoryBrowser;
    const [item] = await listActiveLogins(userId, now());
    expect(await endLogin(refOf(item?.id ?? ""), "revoked_by_user")).toBe(true);
    const next = await authenticateRequest(b.context());
    expect(next).toMatchObject({ ok: false, code: "session_revoked" });
    expect(await endLogin(refOf(item?.id ?? ""), "revoked_by_user")).toBe(false);
    const logged = await eventsOf(userId, "session_revoked");
    expect(logged).toHaveLength(1);
    expect(logged[0]?.detail).toMatchObject({ reason: "revoked_by_user", by: null });
    // A session has no gap to show.
    expect(await listExposureWindows(userId)).toEqual([]);
  });
});

describe("endLogin: a JWT login (JWT_DENYLIST=off)", () => {
  it("cannot refresh, but its access token is accepted until exp; each such request is logged and listed", async () => {
    const { userId, browsers } = await userWith("jwt");
    const b = browsers[0] as MemoryBrowser;
    const [item] = await listActiveLogins(userId, now());
    const issuedAt = now();
    advanceClockForTests(10_000);
    const revokedAt = now();
    expect(await endLogin(refOf(item?.id ?? ""), "forced_logout", { by: "admin-id" })).toBe(true);

    const during = await authenticateRequest(b.context());
    expect(during.ok).toBe(true);
    expect(during.trace.dbQueries).toBe(0);
    expect(during.trace.steps.at(-1)?.detail).toMatchObject({ code: "gap_accepted", params: { seconds: 0 } });
    await afterLogging();
    advanceClockForTests(5_000);
    expect((await authenticateRequest(b.context())).ok).toBe(true);
    await afterLogging();

    expect(await refreshJwt(b.clone().context())).toEqual({ ok: false, code: "refresh_invalid" });
    const [window] = await listExposureWindows(userId);
    expect(window).toMatchObject({
      familyId: item?.id.slice(2),
      reason: "forced_logout",
      closedByDenylist: false,
    });
    // Stamped by the event log a moment after the revocation itself.
    expect((window?.revokedAt ?? 0) - revokedAt).toBeGreaterThanOrEqual(0);
    expect((window?.revokedAt ?? 0) - revokedAt).toBeLessThan(1000);
    // Until the last access token's exp: issued + TTL (give or take the ms it took to sign).
    expect(Math.abs((window?.until ?? 0) - (issuedAt + ACCESS_TTL_MS))).toBeLessThan(1000);
    expect(window?.exposureSeconds).toBe(Math.round(((window?.until ?? 0) - (window?.revokedAt ?? 0)) / 1000));
    expect(window?.requests).toHaveLength(2);
    expect(window?.requests[0]).toMatchObject({ ip: "10.0.0.1", userAgent: "agent-jwt-0" });
    expect(window?.requests[0]?.at).toBeLessThan(window?.requests[1]?.at ?? 0);
    expect((await eventsOf(userId, "forced_logout"))[0]?.detail).toMatchObject({
      by: "admin-id",
      denylist: "off",
      reason: "forced_logout",
    });

    // After exp the token fails on its own, and nothing more is let through.
    advanceClockForTests(ACCESS_TTL_MS);
    expect(await authenticateRequest(b.context())).toMatchObject({ ok: false, code: "token_expired" });
    await afterLogging();
    expect((await listExposureWindows(userId))[0]?.requests).toHaveLength(2);
  });

  it("writes the revocation to the denylist table even while nothing reads it", async () => {
    const { userId } = await userWith("jwt");
    const [item] = await listActiveLogins(userId, now());
    await endLogin(refOf(item?.id ?? ""), "revoked_by_user");
    const rows = await testDb().select().from(jwtDenylist);
    expect(rows.map((r) => r.key)).toEqual([`fid:${item?.id.slice(2)}`]);
  });
});

describe("endLogin: a JWT login (JWT_DENYLIST=on)", () => {
  it("is refused on its very next request, with the lookup in the trace; no request gets through", async () => {
    process.env.JWT_DENYLIST = "on";
    resetEnvForTests();
    const { userId, browsers } = await userWith("jwt");
    const b = browsers[0] as MemoryBrowser;
    const before = await authenticateRequest(b.context());
    expect(before.ok).toBe(true);
    expect(before.trace.dbQueries).toBe(1);
    expect(before.trace.steps.find((s) => s.id === "denylist_lookup")).toMatchObject({ ok: true, dbQueries: 1 });

    const [item] = await listActiveLogins(userId, now());
    await endLogin(refOf(item?.id ?? ""), "revoked_by_user");
    const after = await authenticateRequest(b.context());
    expect(after).toMatchObject({ ok: false, code: "token_revoked" });
    expect(after.trace.steps.find((s) => s.id === "denylist_lookup")).toMatchObject({ ok: false, dbQueries: 1 });
    await afterLogging();
    const [window] = await listExposureWindows(userId);
    expect(window).toMatchObject({ closedByDenylist: true, requests: [] });
    expect(await eventsOf(userId, "revoked_token_used")).toEqual([]);
  });
});

describe("endLoginsOf", () => {
  it("ends every login of the user in both modes except the one kept", async () => {
    const { userId, browsers } = await userWith("session", "jwt", "session", "jwt");
    const keep = await currentLogin((browsers[1] as MemoryBrowser).context());
    expect(await endLoginsOf(userId, "revoked_by_user", { keep })).toBe(3);
    const left = await listActiveLogins(userId, now(), keep);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ mode: "jwt", current: true });
    expect(await eventsOf(userId, "session_revoked")).toHaveLength(3);
    expect(await authenticateRequest((browsers[0] as MemoryBrowser).context())).toMatchObject({ ok: false, code: "session_revoked" });
    expect(await endLoginsOf(userId, "revoked_by_user", { keep })).toBe(0);
  });
});
