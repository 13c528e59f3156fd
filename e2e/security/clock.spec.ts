import { expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { call, DB_FILE, issuedCookies, logIn, newClient, queryDb, SHORT, signUp } from "./support";

// No client value moves the server's clock (docs/decisions/020-demo-clock.md). The e2e
// servers run in demo mode, where the labs DO move time, for their own throwaway logins,
// through a handle the server keeps. Each case sends what an attacker would — the old
// `authlab_clock` cookie a day ahead, a made-up lab handle, the old "grace off" header —
// and proves that real credentials, refresh grace, rate limits and password changes
// still read real time (OWASP Session Management: server-side expiry; RFC 9700 §4.14.2).

test.describe.configure({ mode: "parallel" });

const DAY = 86_400;
const AHEAD = { authlab_clock: String(DAY) };
const HANDLE = { "x-authlab-lab-clock": "AAAAAAAAAAAAAAAAAAAAAA", "x-authlab-lab-grace": "off" };

test("a session's idle expiry is not pushed out by a clock cookie", async () => {
  const client = newClient();
  const user = await signUp(client);
  const jar = await logIn(user, "session", client);
  for (let i = 0; i < 3; i++) {
    const res = await call("/api/me", { client, cookies: { ...jar, ...AHEAD }, headers: HANDLE });
    expect(res.status).toBe(200);
  }
  const [row] = queryDb<{ idle_expires_at: number; last_seen_at: number }>(
    DB_FILE,
    "SELECT idle_expires_at, last_seen_at FROM sessions WHERE user_id = ?",
    user.id,
  );
  expect(row?.idle_expires_at).toBeLessThanOrEqual(Date.now() + 1800_000 + 5_000);
  expect(row?.last_seen_at).toBeLessThanOrEqual(Date.now() + 5_000);
});

test("an access token issued to a client claiming a day ahead still expires ACCESS_TOKEN_TTL from now", async () => {
  const client = newClient();
  const user = await signUp(client);
  const res = await call("/api/auth/login", {
    client,
    cookies: AHEAD,
    headers: HANDLE,
    json: { username: user.username, password: user.password, mode: "jwt" },
  });
  expect(res.status, res.text).toBe(200);
  const { exp, iat } = decodeJwt(issuedCookies(res).authlab_access ?? "");
  const now = Math.floor(Date.now() / 1000);
  expect(Math.abs((iat ?? 0) - now)).toBeLessThanOrEqual(5);
  expect((exp ?? 0) - now).toBeLessThanOrEqual(300 + 5);
  // …and it is refused by real time: the logout the attacker hoped to outlive still ends the family.
  const out = await call("/api/auth/logout", { method: "POST", client, cookies: { ...issuedCookies(res), ...AHEAD } });
  expect(out.status).toBe(200);
  const rows = queryDb<{ revoked_at: number | null; expires_at: number }>(
    DB_FILE,
    "SELECT revoked_at, expires_at FROM refresh_tokens WHERE user_id = ?",
    user.id,
  );
  expect(rows.every((r) => r.revoked_at !== null && r.expires_at <= Date.now() + 14 * DAY * 1000 + 5_000)).toBe(true);
});

test("a rotated refresh token replayed after the grace window is reuse, whatever clock the client claims", async () => {
  const client = newClient();
  const user = await signUp(client, undefined, SHORT.base);
  const jar = await logIn(user, "jwt", client, SHORT.base);
  // The rotation, sent with a clock a day ahead (the old hole: used_at in the future).
  const first = await call("/api/auth/refresh", {
    method: "POST",
    client,
    cookies: { ...jar, ...AHEAD },
    headers: HANDLE,
    base: SHORT.base,
  });
  expect(first.status).toBe(200);
  await new Promise((r) => setTimeout(r, (SHORT.grace + 1) * 1000));
  const replay = await call("/api/auth/refresh", {
    method: "POST",
    client: newClient("thief"),
    cookies: { ...jar, authlab_clock: "0" },
    base: SHORT.base,
  });
  expect(replay.status).toBe(401);
  expect(replay.body.error?.code).toBe("refresh_reused");
  const rows = queryDb<{ revoked_reason: string | null; used_at: number | null }>(
    SHORT.db,
    "SELECT revoked_reason, used_at FROM refresh_tokens WHERE user_id = ?",
    user.id,
  );
  expect(rows.every((r) => r.revoked_reason === "reuse_detected")).toBe(true);
  expect(rows.every((r) => r.used_at === null || r.used_at <= Date.now())).toBe(true);
});

test("a made-up lab handle and the old grace-off header cannot take a real login's grace window away", async () => {
  const client = newClient();
  const user = await signUp(client, undefined, SHORT.base);
  const jar = await logIn(user, "jwt", client, SHORT.base);
  const first = await call("/api/auth/refresh", { method: "POST", client, cookies: jar, base: SHORT.base });
  expect(first.status).toBe(200);
  // Another tab, a moment later, with the same (just rotated) token: inside the grace window.
  const second = await call("/api/auth/refresh", { method: "POST", client, cookies: jar, headers: HANDLE, base: SHORT.base });
  expect(second.status, second.text).toBe(200);
  expect(second.body).toMatchObject({ ok: true, rotated: false });
});

test("failed logins with a clock cookie a day ahead wait real seconds, not a day", async () => {
  const attacker = newClient("brute");
  const user = await signUp(newClient("owner"));
  for (let i = 0; i < 5; i++) {
    await call("/api/auth/login", { client: attacker, cookies: AHEAD, json: { username: user.username, password: `wrong-${i}` } });
  }
  const limited = await call("/api/auth/login", {
    client: attacker,
    cookies: AHEAD,
    json: { username: user.username, password: user.password },
  });
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(30);
  // The owner, from elsewhere, at once.
  const owner = await call("/api/auth/login", { client: newClient("owner"), json: { username: user.username, password: user.password } });
  expect(owner.status).toBe(200);
});

test("a password change sent with a clock cookie still ends every other login", async () => {
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
  const refused = await call("/api/auth/refresh", { method: "POST", client: newClient("other-device"), cookies: other });
  expect(refused.body.error?.code).toBe("refresh_invalid");
});
