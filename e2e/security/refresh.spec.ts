import { expect, test } from "@playwright/test";
import {
  BASE,
  type Client,
  call,
  DB_FILE,
  expectRefused,
  issuedCookies,
  logIn,
  newClient,
  queryDb,
  rows,
  SHORT,
  signUp,
  withoutRowChanges,
} from "./support";

// Refresh tokens (RFC 9700 "OAuth 2.0 Security BCP" §4.14, OWASP Session Management):
// opaque, stored hashed, rotated on every use; a used one presented again revokes its
// family. Every misuse below gets 401 with the exact code and issues nothing.

test.describe.configure({ mode: "parallel" });

const refresh = (cookies: Record<string, string> | string, client: Client, base = BASE) =>
  call("/api/auth/refresh", { method: "POST", client, cookies, base });

interface RefreshRow {
  id: string;
  family_id: string;
  used_at: number | null;
  revoked_at: number | null;
  revoked_reason: string | null;
}

const familyRows = (dbFile: string, userId: string) =>
  queryDb<RefreshRow>(
    dbFile,
    "SELECT id, family_id, used_at, revoked_at, revoked_reason FROM refresh_tokens WHERE user_id = ? ORDER BY issued_at",
    userId,
  );

test("no refresh cookie → 401 refresh_invalid", async () => {
  const attacker = newClient("refresh");
  const res = await withoutRowChanges({ client: attacker }, () => refresh({}, attacker));
  expectRefused(res, 401, "refresh_invalid");
});

test("a garbage refresh token → 401 refresh_invalid", async () => {
  const attacker = newClient("refresh");
  const res = await withoutRowChanges({ client: attacker }, () => refresh({ authlab_refresh: "garbage" }, attacker));
  expectRefused(res, 401, "refresh_invalid");
});

test("a 300-character refresh token → 401 refresh_invalid (refused before any lookup)", async () => {
  const attacker = newClient("refresh");
  const res = await withoutRowChanges({ client: attacker }, () => refresh({ authlab_refresh: "r".repeat(300) }, attacker));
  expectRefused(res, 401, "refresh_invalid");
});

test("a session cookie is not a refresh token → 401 refresh_invalid", async () => {
  const client = newClient("refresh");
  const user = await signUp(client);
  const cookies = await logIn(user, "session", client);
  const res = await withoutRowChanges({ userIds: [user.id], client }, () => refresh(cookies, client));
  expectRefused(res, 401, "refresh_invalid");
});

test("a refresh token used after logout → 401 refresh_invalid", async () => {
  const client = newClient("refresh");
  const user = await signUp(client);
  const cookies = await logIn(user, "jwt", client);
  expect((await call("/api/auth/logout", { method: "POST", client, cookies })).status).toBe(200);
  const attacker = newClient("refresh-after-logout");
  const res = await withoutRowChanges({ userIds: [user.id], client: attacker }, () =>
    refresh({ authlab_refresh: cookies.authlab_refresh as string }, attacker),
  );
  expectRefused(res, 401, "refresh_invalid");
});

test("a refresh token whose login was revoked from another device → 401 refresh_invalid", async () => {
  const client = newClient("refresh");
  const user = await signUp(client);
  const jwt = await logIn(user, "jwt", client);
  const otherDevice = newClient("other-device");
  const other = await logIn(user, "session", otherDevice);
  const familyId = familyRows(DB_FILE, user.id)[0]?.family_id;
  const revoked = await call(`/api/auth/sessions/j_${familyId}`, { method: "DELETE", client: otherDevice, cookies: other });
  expect(revoked.status, revoked.text).toBe(200);
  const attacker = newClient("refresh-after-revoke");
  const res = await withoutRowChanges({ userIds: [user.id], client: attacker }, () =>
    refresh({ authlab_refresh: jwt.authlab_refresh as string }, attacker),
  );
  expectRefused(res, 401, "refresh_invalid");
});

test("a rotated refresh token replayed after the grace window → 401 refresh_reused, the whole family revoked; then its successor → 401 refresh_reused too", async () => {
  // The short-TTL server: REFRESH_REUSE_GRACE=2 s.
  const client = newClient("reuse");
  const user = await signUp(client, undefined, SHORT.base);
  const first = await logIn(user, "jwt", client, SHORT.base);
  const rotated = await refresh({ authlab_refresh: first.authlab_refresh as string }, client, SHORT.base);
  expect(rotated.status, rotated.text).toBe(200);
  const second = issuedCookies(rotated).authlab_refresh as string;
  expect(second).toBeTruthy();
  const usedAt = familyRows(SHORT.db, user.id)[0]?.used_at as number;
  expect(usedAt).toBeGreaterThan(0);
  // The grace window is a span of time: wait until the server's clock has left it.
  await expect.poll(() => Date.now() - usedAt > SHORT.grace * 1000 + 250, { intervals: [100], timeout: 10_000 }).toBe(true);

  const thief = newClient("thief");
  const reused = await refresh({ authlab_refresh: first.authlab_refresh as string }, thief, SHORT.base);
  expectRefused(reused, 401, "refresh_reused");
  const family = familyRows(SHORT.db, user.id);
  expect(family).toHaveLength(2); // no row added
  for (const row of family) {
    expect(row.revoked_at).not.toBeNull();
    expect(row.revoked_reason).toBe("reuse_detected");
  }

  // The legitimate holder's newest token died with its family, and the answer says why.
  const res = await withoutRowChanges(
    { userIds: [user.id], client },
    () => refresh({ authlab_refresh: second }, client, SHORT.base),
    SHORT.db,
  );
  expectRefused(res, 401, "refresh_reused");
});

test("another user's refresh token next to my access token → 401 refresh_invalid, and neither login is touched", async () => {
  const client = newClient("mixup");
  const alice = await signUp(client);
  const bob = await signUp(client);
  const aliceCookies = await logIn(alice, "jwt", newClient("alice"));
  const bobCookies = await logIn(bob, "jwt", client);
  const res = await withoutRowChanges({ userIds: [alice.id, bob.id], client }, () =>
    refresh({ authlab_access: bobCookies.authlab_access as string, authlab_refresh: aliceCookies.authlab_refresh as string }, client),
  );
  expectRefused(res, 401, "refresh_invalid");
  // Alice's own browser is unaffected: her refresh token still works for her.
  const own = await refresh(aliceCookies, newClient("alice"));
  expect(own.status, own.text).toBe(200);
  expect((own.body.user as { id: string }).id).toBe(alice.id);
});

test("a cross-origin refresh → 403 cross_origin, and the token is not rotated", async () => {
  const client = newClient("csrf-refresh");
  const user = await signUp(client);
  const cookies = await logIn(user, "jwt", client);
  const res = await withoutRowChanges({ userIds: [user.id], client }, () =>
    call("/api/auth/refresh", { method: "POST", client, cookies, headers: { origin: "https://evil.example" } }),
  );
  expectRefused(res, 403, "cross_origin");
});

// The page-refresh endpoint (GET, for pages whose access token expired) sends the browser
// back to `next`: only a local path may go there (OWASP Unvalidated Redirects Cheat Sheet).
for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example/", "javascript:alert(1)"]) {
  test(`GET /api/auth/refresh?next=${JSON.stringify(next)} redirects only to a local path`, async () => {
    const attacker = newClient("open-redirect");
    const before = rows({ client: attacker });
    const res = await fetch(`${BASE}/api/auth/refresh?next=${encodeURIComponent(next)}`, {
      redirect: "manual",
      headers: { "x-forwarded-for": attacker.ip, "user-agent": attacker.ua },
    });
    expect(res.status).toBe(303);
    // No refresh cookie at all: a first visit, so no reason (issue 11, edge 5), and never `next`.
    expect(res.headers.get("location")).toBe("/login?next=%2Fdashboard");
    expect(res.headers.getSetCookie().filter((c) => /^authlab_(session|access|refresh)=[^;]/.test(c))).toEqual([]);
    expect(rows({ client: attacker })).toBe(before);
  });
}
