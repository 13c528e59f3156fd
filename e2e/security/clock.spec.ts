import { expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import {
  call,
  DB_FILE,
  expectRefused,
  issuedCookies,
  issuedCredentials,
  logIn,
  newClient,
  queryDb,
  SHORT,
  signUp,
  withoutRowChanges,
} from "./support";

// No client value moves the server's clock (docs/decisions/020-demo-clock.md). The e2e
// servers run in demo mode, where the labs DO move time, for their own throwaway logins,
// through a handle the server keeps. Each case sends what an attacker would — the old
// `authlab_clock` cookie (a day ahead, or just under the idle timeout), a made-up lab
// handle, the old "grace off" header — and proves that real credentials, refresh grace,
// rate limits and password changes still read real time (OWASP Session Management:
// server-side timeouts; RFC 9700 §4.14.2: refresh token reuse).

test.describe.configure({ mode: "parallel" });

const DAY = 86_400;
const ACCESS_TOKEN_TTL = 300; // the main e2e server's default
const SESSION_IDLE_TTL = 30 * 60;
const SESSION_ABSOLUTE_TTL = 7 * DAY;
const REFRESH_TOKEN_TTL = 14 * DAY;
const SLACK_MS = 5_000;
const AHEAD = { authlab_clock: String(DAY) };
const MADE_UP_HANDLE = "AAAAAAAAAAAAAAAAAAAAAA";
const HANDLE = { "x-authlab-lab-clock": MADE_UP_HANDLE, "x-authlab-lab-grace": "off" };

type SessionRow = { idle_expires_at: number; absolute_expires_at: number; last_seen_at: number; revoked_at: number | null };
type RefreshRow = { revoked_at: number | null; revoked_reason: string | null; used_at: number | null; expires_at: number };

test("(1) a session's idle and absolute expiry are not pushed out by a clock cookie", async () => {
  const client = newClient();
  const user = await signUp(client);
  const jar = await logIn(user, "session", client);
  // Old hole: a clock just under the idle timeout made every read a "touch" that moved
  // idle_expires_at further out; a day ahead idled the session out (or would extend it).
  // Now every read is at real time: within the touch interval, no row changes at all.
  await withoutRowChanges({ userIds: [user.id], client }, async () => {
    for (const offset of ["60", String(SESSION_IDLE_TTL - 60), String(DAY)]) {
      const res = await call("/api/me", { client, cookies: { ...jar, authlab_clock: offset }, headers: HANDLE });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ mode: "session", user: { id: user.id } });
      expect(issuedCredentials(res)).toEqual([]);
    }
  });
  const rows = queryDb<SessionRow>(
    DB_FILE,
    "SELECT idle_expires_at, absolute_expires_at, last_seen_at, revoked_at FROM sessions WHERE user_id = ?",
    user.id,
  );
  expect(rows).toHaveLength(1);
  const [row] = rows;
  const real = Date.now();
  expect(row?.revoked_at).toBeNull();
  expect(row?.last_seen_at).toBeLessThanOrEqual(real);
  expect(row?.idle_expires_at).toBeLessThanOrEqual(real + SESSION_IDLE_TTL * 1000);
  expect(row?.absolute_expires_at).toBeLessThanOrEqual(real + SESSION_ABSOLUTE_TTL * 1000);
});

test("(2) a rotated refresh token replayed after the grace window is reuse, whatever clock the client claims", async () => {
  const client = newClient();
  const user = await signUp(client, undefined, SHORT.base);
  const jar = await logIn(user, "jwt", client, SHORT.base);
  // The rotation, sent with a clock a day ahead (the old hole: used_at a day in the
  // future, so the replay below still looked "within the grace window").
  const first = await call("/api/auth/refresh", {
    method: "POST",
    client,
    cookies: { ...jar, ...AHEAD },
    headers: HANDLE,
    base: SHORT.base,
  });
  expect(first.status, first.text).toBe(200);
  expect(first.body).toMatchObject({ ok: true, rotated: true });
  const used = queryDb<RefreshRow>(SHORT.db, "SELECT used_at FROM refresh_tokens WHERE user_id = ? AND used_at IS NOT NULL", user.id);
  expect(used).toHaveLength(1);
  expect(used[0]?.used_at).toBeLessThanOrEqual(Date.now());

  await new Promise((r) => setTimeout(r, (SHORT.grace + 1) * 1000));
  const replay = await call("/api/auth/refresh", {
    method: "POST",
    client: newClient("thief"),
    cookies: { ...jar, ...AHEAD },
    headers: HANDLE,
    base: SHORT.base,
  });
  expectRefused(replay, 401, "refresh_reused");
  const rows = queryDb<RefreshRow>(SHORT.db, "SELECT revoked_at, revoked_reason, used_at FROM refresh_tokens WHERE user_id = ?", user.id);
  expect(rows).toHaveLength(2); // the original and its successor: the whole family
  expect(rows.every((r) => r.revoked_reason === "reuse_detected" && r.revoked_at !== null && r.revoked_at <= Date.now())).toBe(true);
  // The successor is dead too, and its holder learns why.
  const successor = await call("/api/auth/refresh", { method: "POST", client, cookies: issuedCookies(first), base: SHORT.base });
  expectRefused(successor, 401, "refresh_reused");
});

test("(3) an access token issued to a client claiming a day ahead expires ACCESS_TOKEN_TTL from real now", async () => {
  const client = newClient();
  const user = await signUp(client);
  const res = await call("/api/auth/login", {
    client,
    cookies: AHEAD,
    headers: HANDLE,
    json: { username: user.username, password: user.password, mode: "jwt" },
  });
  expect(res.status, res.text).toBe(200);
  expect(issuedCredentials(res).sort()).toEqual(["authlab_access", "authlab_refresh"]);
  const { exp, iat } = decodeJwt(issuedCookies(res).authlab_access ?? "");
  const now = Math.floor(Date.now() / 1000);
  expect(Math.abs((iat ?? 0) - now)).toBeLessThanOrEqual(5);
  expect(Math.abs((exp ?? 0) - (now + ACCESS_TOKEN_TTL))).toBeLessThanOrEqual(5);
  const [issued] = queryDb<RefreshRow>(DB_FILE, "SELECT expires_at FROM refresh_tokens WHERE user_id = ?", user.id);
  expect(issued?.expires_at).toBeLessThanOrEqual(Date.now() + REFRESH_TOKEN_TTL * 1000);
  expect(issued?.expires_at).toBeGreaterThan(Date.now() + REFRESH_TOKEN_TTL * 1000 - SLACK_MS);

  // The logout the attacker hoped to outlive still ends the family, at real time.
  const out = await call("/api/auth/logout", { method: "POST", client, cookies: { ...issuedCookies(res), ...AHEAD } });
  expect(out.status, out.text).toBe(200);
  const rows = queryDb<RefreshRow>(DB_FILE, "SELECT revoked_at FROM refresh_tokens WHERE user_id = ?", user.id);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.revoked_at !== null && r.revoked_at <= Date.now())).toBe(true);
  const refresh = await call("/api/auth/refresh", { method: "POST", client, cookies: { ...issuedCookies(res), ...AHEAD } });
  expectRefused(refresh, 401, "refresh_invalid");
});

test("(4) failed logins with a clock cookie a day ahead are throttled in real seconds, not for a day", async () => {
  const attacker = newClient("brute");
  const user = await signUp(newClient("owner"));
  for (let i = 0; i < 5; i++) {
    const miss = await call("/api/auth/login", {
      client: attacker,
      cookies: AHEAD,
      json: { username: user.username, password: `wrong-${i}` },
    });
    expectRefused(miss, 401, "invalid_credentials");
  }
  for (const cookies of [AHEAD, {}]) {
    const limited = await withoutRowChanges({ userIds: [user.id], client: attacker }, () =>
      call("/api/auth/login", { client: attacker, cookies, json: { username: user.username, password: user.password } }),
    );
    expectRefused(limited, 429, "rate_limited");
    const wait = Number(limited.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30); // the first step of the real-time delay (031), far below 15 min
  }
  // The owner, from elsewhere, at once.
  const owner = await call("/api/auth/login", { client: newClient("owner"), json: { username: user.username, password: user.password } });
  expect(owner.status, owner.text).toBe(200);
  expect(issuedCredentials(owner).length).toBeGreaterThan(0);
});

test("(5) a made-up lab handle and the old grace-off header change nothing on a real login", async () => {
  const client = newClient();
  const user = await signUp(client, undefined, SHORT.base);
  const jar = await logIn(user, "jwt", client, SHORT.base);
  const first = await call("/api/auth/refresh", { method: "POST", client, cookies: jar, base: SHORT.base });
  expect(first.status, first.text).toBe(200);
  expect(first.body).toMatchObject({ ok: true, rotated: true });
  // Another tab, a moment later, with the same (just rotated) token: inside the grace
  // window. "Grace off" applies only to a lab's own login under a live handle.
  const second = await call("/api/auth/refresh", {
    method: "POST",
    client,
    cookies: { ...jar, ...AHEAD },
    headers: HANDLE,
    base: SHORT.base,
  });
  expect(second.status, second.text).toBe(200);
  expect(second.body).toMatchObject({ ok: true, rotated: false });
  expect(issuedCredentials(second)).toEqual(["authlab_access"]); // grace: a new access token, the refresh cookie left alone
  const rows = queryDb<RefreshRow>(SHORT.db, "SELECT revoked_at, revoked_reason FROM refresh_tokens WHERE user_id = ?", user.id);
  expect(rows).toHaveLength(2);
  expect(rows.every((r) => r.revoked_at === null && r.revoked_reason === null)).toBe(true);
  // The family is alive: its newest token still rotates.
  const third = await call("/api/auth/refresh", { method: "POST", client, cookies: issuedCookies(first), base: SHORT.base });
  expect(third.status, third.text).toBe(200);
  expect(third.body).toMatchObject({ ok: true, rotated: true });
});

test("(6) a password change sent with a clock cookie still ends every other login", async () => {
  const client = newClient();
  const user = await signUp(client);
  const other = await logIn(user, "jwt", newClient("other-device"));
  const mine = await logIn(user, "session", client);
  const res = await call("/api/me/password", {
    method: "PUT",
    client,
    cookies: { ...mine, ...AHEAD },
    headers: HANDLE,
    json: { currentPassword: user.password, newPassword: `${user.password}-next` },
  });
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ endedLogins: 1 });
  const families = queryDb<RefreshRow>(DB_FILE, "SELECT revoked_at FROM refresh_tokens WHERE user_id = ?", user.id);
  expect(families.length).toBeGreaterThan(0);
  expect(families.every((r) => r.revoked_at !== null && r.revoked_at <= Date.now())).toBe(true);
  const refused = await call("/api/auth/refresh", { method: "POST", client: newClient("other-device"), cookies: { ...other, ...AHEAD } });
  expectRefused(refused, 401, "refresh_invalid");
});
