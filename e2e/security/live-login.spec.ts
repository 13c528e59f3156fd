import { expect, test } from "@playwright/test";
import {
  type Client,
  call,
  DB_FILE,
  expectRefused,
  issuedCookies,
  logIn,
  newClient,
  queryDb,
  SHORT,
  signUp,
  type TestUser,
  withoutRowChanges,
} from "./support";

// "Reading is not minting" (RFC 9700 §4.14.2; OWASP Session Management cheat sheet):
// an access token whose login was ended may still READ until exp (the revocation gap),
// but nothing that issues credentials, extends a login or changes account or login
// state. Each case ends a JWT login the real way, keeps a copy of its access token, and
// proves that the copy still reads (so the test could not pass by accident) but every
// write answers 401 login_ended, issues no credential and changes no row.

test.describe.configure({ mode: "parallel" });

type Jar = Record<string, string>;
const accessOnly = (jar: Jar): Jar => ({ authlab_access: jar.authlab_access ?? "" });

interface Ended {
  user: TestUser;
  thief: Client;
  stolen: Jar; // the access token of a login that has been ended
}

const ENDINGS: Record<string, (user: TestUser, owner: Jar, client: Client) => Promise<void>> = {
  logout: async (_user, owner, client) => {
    expect((await call("/api/auth/logout", { method: "POST", client, cookies: owner })).status).toBe(200);
  },
  "password change": async (user, owner, client) => {
    const res = await call("/api/me/password", {
      method: "PUT",
      client,
      cookies: accessOnly(owner),
      json: { currentPassword: user.password, newPassword: `${user.password}-new` },
    });
    expect(res.status, res.text).toBe(200);
    user.password = `${user.password}-new`;
  },
  "admin force-logout": async (user) => {
    const admin = newClient("admin");
    const adminJar = await logIn({ id: "", username: "admin", password: "admin-demo-pass" }, "session", admin);
    const res = await call(`/api/admin/users/${user.id}/force-logout`, { method: "POST", client: admin, cookies: adminJar });
    expect(res.status, res.text).toBe(200);
    await call("/api/auth/logout", { method: "POST", client: admin, cookies: adminJar });
  },
};

async function endedJwtLogin(how: string): Promise<Ended> {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const jar = await logIn(user, "jwt", owner);
  const stolen = accessOnly(jar);
  await ENDINGS[how]?.(user, jar, owner);
  const thief = newClient("thief");
  // The gap is real: the copy still reads.
  const me = await call("/api/me", { client: thief, cookies: stolen });
  expect(me.status, me.text).toBe(200);
  return { user, thief, stolen };
}

const WRITES: Array<{ name: string; path: string; method: string; json?: (e: Ended) => unknown }> = [
  { name: "switch mode (would mint a new login)", path: "/api/me/mode", method: "PUT", json: () => ({ mode: "session" }) },
  {
    name: "set the policy to single-reject (would lock the owner out)",
    path: "/api/me/policy",
    method: "PUT",
    json: (e) => ({ concurrentLogins: "single-reject", currentPassword: e.user.password }),
  },
  {
    name: "change the password",
    path: "/api/me/password",
    method: "PUT",
    json: (e) => ({ currentPassword: e.user.password, newPassword: "taken-over-password" }),
  },
  { name: "end the other logins", path: "/api/auth/sessions/revoke-others", method: "POST" },
  { name: "run the refresh lab (issues a lab login)", path: "/api/lab/refresh/walkthrough", method: "POST" },
  { name: "run the session-vs-JWT lab (issues lab logins)", path: "/api/lab/compare", method: "POST" },
];

for (const how of Object.keys(ENDINGS)) {
  for (const w of WRITES) {
    test(`after ${how}: the ended login's access token may not ${w.name} → 401 login_ended`, async () => {
      const e = await endedJwtLogin(how);
      const res = await withoutRowChanges({ userIds: [e.user.id], client: e.thief }, () =>
        call(w.path, { method: w.method, client: e.thief, cookies: e.stolen, ...(w.json ? { json: w.json(e) } : {}) }),
      );
      expectRefused(res, 401, "login_ended");
    });
  }
}

test("after reuse detection: the ended family's access token may not switch mode → 401 login_ended", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner, undefined, SHORT.base);
  const jar = await logIn(user, "jwt", owner, SHORT.base);
  const first = await call("/api/auth/refresh", { method: "POST", client: owner, cookies: jar, base: SHORT.base });
  expect(first.status).toBe(200);
  const rotated = { ...jar, ...issuedCookies(first) };
  await new Promise((r) => setTimeout(r, (SHORT.grace + 1) * 1000));
  // The copy of the first refresh token, used after the grace window: reuse, the family dies.
  const thief = newClient("thief");
  const reuse = await call("/api/auth/refresh", { method: "POST", client: thief, cookies: jar, base: SHORT.base });
  expect(reuse.body.error?.code).toBe("refresh_reused");
  const stolen = accessOnly(rotated);
  const res = await withoutRowChanges(
    { userIds: [user.id], client: thief },
    () => call("/api/me/mode", { method: "PUT", client: thief, cookies: stolen, json: { mode: "session" }, base: SHORT.base }),
    SHORT.db,
  );
  // The short server's access token lives 4 s: it may already be expired, which is refused too.
  expect(["login_ended", "token_expired"]).toContain(res.body.error?.code);
  expectRefused(res, 401, res.body.error?.code ?? "");
});

test("an ended admin login's access token may not force anyone out → 401 login_ended", async () => {
  const victim = newClient("victim");
  const user = await signUp(victim);
  await logIn(user, "session", victim);
  const admin = newClient("admin");
  const adminJar = await logIn({ id: "", username: "admin", password: "admin-demo-pass" }, "jwt", admin);
  expect((await call("/api/auth/logout", { method: "POST", client: admin, cookies: adminJar })).status).toBe(200);
  const stolen = accessOnly(adminJar);
  expect((await call("/api/admin/users", { client: admin, cookies: stolen })).status).toBe(200); // reading: the gap
  const res = await withoutRowChanges({ userIds: [user.id] }, () =>
    call(`/api/admin/users/${user.id}/force-logout`, { method: "POST", client: admin, cookies: stolen }),
  );
  expectRefused(res, 401, "login_ended");
});

test("an ended login may not end one of the owner's logins → 401 login_ended", async () => {
  const e = await endedJwtLogin("logout");
  const owner = newClient("owner");
  await logIn(e.user, "session", owner);
  const [live] = queryDb<{ id: string }>(DB_FILE, "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL", e.user.id);
  expect(live).toBeDefined();
  const res = await withoutRowChanges({ userIds: [e.user.id] }, () =>
    call(`/api/auth/sessions/s_${live?.id}`, { method: "DELETE", client: e.thief, cookies: e.stolen }),
  );
  expectRefused(res, 401, "login_ended");
});

test("policy change needs the current password: none → 400, wrong → 400 wrong_password, then 429", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const jar = await logIn(user, "session", owner);
  const put = (json: unknown) => call("/api/me/policy", { method: "PUT", client: owner, cookies: jar, json });
  expectRefused(await withoutRowChanges({ userIds: [user.id] }, () => put({ concurrentLogins: "single-reject" })), 400, "invalid_input");
  for (let i = 0; i < 5; i++) {
    const res = await withoutRowChanges({ userIds: [user.id] }, () =>
      put({ concurrentLogins: "single-reject", currentPassword: `guess-${i}` }),
    );
    expectRefused(res, 400, "wrong_password");
  }
  // Even the right password now waits: the re-authentication is no unthrottled oracle.
  const limited = await withoutRowChanges({ userIds: [user.id] }, () =>
    put({ concurrentLogins: "single-reject", currentPassword: user.password }),
  );
  expectRefused(limited, 429, "rate_limited");
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("password change is throttled: five wrong current passwords, then 429 even for the right one", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const jar = await logIn(user, "jwt", owner);
  const put = (currentPassword: string) =>
    call("/api/me/password", {
      method: "PUT",
      client: owner,
      cookies: accessOnly(jar),
      json: { currentPassword, newPassword: "a-new-password-1" },
    });
  for (let i = 0; i < 5; i++)
    expectRefused(await withoutRowChanges({ userIds: [user.id] }, () => put(`guess-${i}`)), 400, "wrong_password");
  expectRefused(await withoutRowChanges({ userIds: [user.id] }, () => put(user.password)), 429, "rate_limited");
});

test("a password change renews this browser's credentials: a copy of the old cookie is dead", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const jar = await logIn(user, "session", owner);
  const res = await call("/api/me/password", {
    method: "PUT",
    client: owner,
    cookies: jar,
    json: { currentPassword: user.password, newPassword: `${user.password}-2` },
  });
  expect(res.status, res.text).toBe(200);
  const renewed = issuedCookies(res).authlab_session;
  expect(renewed).toBeTruthy();
  expect(renewed).not.toBe(jar.authlab_session);
  expect((await call("/api/me", { client: owner, cookies: { authlab_session: renewed ?? "" } })).status).toBe(200);
  const old = await call("/api/me", { client: newClient("thief"), cookies: jar });
  expectRefused(old, 401, "session_revoked");
});

test("single-reject: the owner's password wins — 409 names the way out, endOtherLogins takes it", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const first = await logIn(user, "jwt", newClient("elsewhere"));
  const set = await call("/api/me/policy", {
    method: "PUT",
    client: owner,
    cookies: accessOnly(first),
    json: { concurrentLogins: "single-reject", currentPassword: user.password },
  });
  expect(set.status, set.text).toBe(200);
  const login = (extra: object) =>
    call("/api/auth/login", { client: owner, json: { username: user.username, password: user.password, mode: "session", ...extra } });
  const refused = await withoutRowChanges({ userIds: [user.id] }, () => login({}));
  expectRefused(refused, 409, "already_logged_in");
  expect(refused.body.error).toMatchObject({ details: { wayOut: "end_other_logins" } });
  // The way out still needs the right password.
  const wrong = await withoutRowChanges({ userIds: [user.id] }, () =>
    call("/api/auth/login", { client: owner, json: { username: user.username, password: "not-the-password", endOtherLogins: true } }),
  );
  expectRefused(wrong, 401, "invalid_credentials");
  const won = await login({ endOtherLogins: true });
  expect(won.status, won.text).toBe(200);
  expect(issuedCookies(won).authlab_session).toBeTruthy();
  const other = await call("/api/auth/refresh", { method: "POST", client: newClient("elsewhere"), cookies: first });
  expectRefused(other, 401, "refresh_invalid");
});
