import { expect, test } from "@playwright/test";
import { DENYLIST_PORT, PORT } from "../../playwright.config";
import { call, expectRefused, issuedCookies, newClient, queryDb, signUp } from "./support";

// What a client-written header may change (OWASP: never trust client-supplied forwarding
// headers; docs/decisions/032-trust-proxy-and-site-origin.md). The denylist e2e server
// trusts no proxy (TRUST_PROXY unset, as a bare deployment): X-Forwarded-For, -Proto and
// -Host from a client mean nothing there. The main server trusts one hop (the suite plays
// the proxy): the rightmost X-Forwarded-For entry is the client, entries left of it are
// whatever the client claimed.

test.describe.configure({ mode: "parallel" });

const BARE = { base: `http://localhost:${DENYLIST_PORT}`, db: `.tmp/e2e-${DENYLIST_PORT}/authlab.db` };
const LOOPBACK = ["127.0.0.1", "::1"];

const loginJson = (u: { username: string; password: string }, mode = "session") => ({ username: u.username, password: u.password, mode });

test("no trusted proxy: a client's X-Forwarded-For is ignored; the socket address is stored", async () => {
  const user = await signUp(newClient(), undefined, BARE.base);
  const res = await call("/api/auth/login", {
    base: BARE.base,
    json: loginJson(user),
    headers: { "x-forwarded-for": "203.0.113.77", "x-real-ip": "203.0.113.78" },
  });
  expect(res.status, res.text).toBe(200);
  const [row] = queryDb<{ ip: string }>(BARE.db, "SELECT ip FROM sessions WHERE user_id = ?", user.id);
  expect(LOOPBACK).toContain(row?.ip);
  const events = queryDb<{ ip: string }>(BARE.db, "SELECT ip FROM auth_events WHERE user_id = ? AND type = 'login'", user.id);
  expect(events.map((e) => e.ip)).not.toContain("203.0.113.77");
});

test("a client-sent x-authlab-peer (the header lib/serve.mjs stamps with the socket address) is overwritten, on either server", async () => {
  for (const { base, db, proxied } of [
    { ...BARE, proxied: false },
    { base: `http://localhost:${PORT}`, db: `.tmp/e2e-${PORT}/authlab.db`, proxied: true },
  ]) {
    const user = await signUp(newClient(), undefined, base);
    const res = await call("/api/auth/login", { base, json: loginJson(user), headers: { "x-authlab-peer": "guess 203.0.113.79" } });
    expect(res.status, res.text).toBe(200);
    const [row] = queryDb<{ ip: string }>(db, "SELECT ip FROM sessions WHERE user_id = ?", user.id);
    expect(LOOPBACK, `TRUST_PROXY ${proxied ? "1" : "off"}`).toContain(row?.ip);
  }
});

test("no trusted proxy: a new X-Forwarded-For per attempt does not make a new client", async () => {
  const victim = await signUp(newClient(), undefined, BARE.base);
  const statuses: number[] = [];
  // 5 failures are free per account and client; were each claimed address a new client,
  // the 6th would be free too (the account's ceiling across clients is 30).
  for (let i = 0; i < 6; i++) {
    const res = await call("/api/auth/login", {
      base: BARE.base,
      json: { username: victim.username, password: `wrong-${i}` },
      headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});

test("no trusted proxy: X-Forwarded-Proto: https does not make credential cookies Secure", async () => {
  const user = await signUp(newClient(), undefined, BARE.base);
  const res = await call("/api/auth/login", { base: BARE.base, json: loginJson(user, "jwt"), headers: { "x-forwarded-proto": "https" } });
  expect(res.status, res.text).toBe(200);
  const lines = res.setCookies.filter((l) => l.startsWith("authlab_access=") || l.startsWith("authlab_refresh="));
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(line.toLowerCase()).not.toContain("secure");
  expect(res.headers.get("strict-transport-security")).toBeNull();
});

test("no trusted proxy: X-Forwarded-Host cannot make the server answer as another site", async () => {
  const res = await call("/api/me", { base: BARE.base, headers: { "x-forwarded-host": "evil.example" } });
  expectRefused(res, 401, "no_credentials"); // answered as itself: the header was dropped
});

test("one trusted proxy: the rightmost X-Forwarded-For entry is the client, spoofed entries to its left are not", async () => {
  const client = newClient("behind-proxy");
  const user = await signUp(client);
  const res = await call("/api/auth/login", {
    json: loginJson(user),
    headers: { "x-forwarded-for": `6.6.6.6, ${client.ip}`, "user-agent": client.ua },
  });
  expect(res.status, res.text).toBe(200);
  const ips = queryDb<{ ip: string }>(`.tmp/e2e-${PORT}/authlab.db`, "SELECT ip FROM sessions WHERE user_id = ?", user.id).map((r) => r.ip);
  expect(ips).toEqual([client.ip]);
});

test("an Origin of https://localhost for the http site is cross-origin → 403", async () => {
  const client = newClient();
  const user = await signUp(client);
  const res = await call("/api/auth/login", { client, json: loginJson(user), headers: { origin: `https://localhost:${PORT}` } });
  expectRefused(res, 403, "cross_origin");
});

test("the site's own origin, on any loopback name, may post", async () => {
  const client = newClient();
  const user = await signUp(client);
  const res = await call("/api/auth/login", { client, json: loginJson(user), headers: { origin: `http://127.0.0.1:${PORT}` } });
  expect(res.status, res.text).toBe(200);
  expect(issuedCookies(res).authlab_session).toBeTruthy();
});

for (const path of ["/api/me", "/api/auth/inspect", "/dashboard", "/login"]) {
  test(`DNS rebinding: Host evil.example on ${path} → 421 wrong_host`, async () => {
    const res = await call(path, { client: newClient(), headers: { host: "evil.example" } });
    expectRefused(res, 421, "wrong_host");
  });
}

test("DNS rebinding: a login under a foreign Host issues nothing and writes nothing", async () => {
  const client = newClient();
  const user = await signUp(client);
  const res = await call("/api/auth/login", { client, json: loginJson(user), headers: { host: `evil.example:${PORT}` } });
  expectRefused(res, 421, "wrong_host");
  expect(queryDb(`.tmp/e2e-${PORT}/authlab.db`, "SELECT id FROM sessions WHERE user_id = ?", user.id)).toEqual([]);
});
