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
  type Reply,
  signUp,
  uniqueName,
  withoutRowChanges,
} from "./support";

// A lockout an attacker cannot turn on the owner (OWASP Authentication cheat sheet:
// "login throttling", "account lockout", "device cookies"; OWASP Logging cheat sheet:
// log flooding; docs/decisions/031-login-lockout.md). The attacker and the owner are
// different clients (X-Forwarded-For, TRUST_PROXY=1 on the e2e servers). bruteforce.spec.ts
// covers the limits one by one; this file covers what the owner keeps under attack.

test.describe.configure({ mode: "parallel" });

const FREE_FAILURES = 5;
const ACCOUNT_CEILING = 30;

const login = (username: string, password: string, client: Client, cookies?: Record<string, string>) =>
  call("/api/auth/login", { client, cookies, json: { username, password, mode: "session" } });

function retryAfter(res: Reply): number {
  expectRefused(res, 429, "rate_limited");
  const value = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(value), `Retry-After ${res.headers.get("retry-after")}`).toBe(true);
  expect(value).toBeGreaterThanOrEqual(1);
  expect(value).toBeLessThanOrEqual(15 * 60);
  return value;
}

const scopeOf = (res: Reply) => (res.body.error as { details?: { scope?: string } } | undefined)?.details?.scope;

/** A botnet: `clients` addresses × 5 failures each on one account. */
async function botnet(username: string, clients: number, extra: Client[] = []): Promise<void> {
  const bots = [...Array.from({ length: clients }, (_, i) => newClient(`bot-${i}`)), ...extra];
  await Promise.all(
    bots.map(async (bot, b) => {
      for (let i = 0; i < FREE_FAILURES; i += 1) await login(username, `guess-${b}-${i}`, bot);
    }),
  );
}

test("(a) an attacker fails 20 times on the owner's account from one client; the owner from another client logs in (200)", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const attacker = newClient("attacker");
  const statuses: number[] = [];
  for (let i = 0; i < 20; i += 1) statuses.push((await login(user.username, `wrong-${i}`, attacker)).status);
  expect(statuses.slice(0, FREE_FAILURES)).toEqual(Array(FREE_FAILURES).fill(401));
  expect(statuses.slice(FREE_FAILURES)).toEqual(Array(20 - FREE_FAILURES).fill(429));
  // The attacker is held even with the right password…
  retryAfter(await login(user.username, user.password, attacker));
  // …the owner, from its own address (no device cookie yet), is not.
  const res = await login(user.username, user.password, owner);
  expect(res.status, res.text).toBe(200);
  expect(issuedCookies(res).authlab_session).toBeTruthy();
});

test("(b) a browser holding a device cookie logs in after 60 failures from 12 clients, one of them on its own address", async () => {
  const home = newClient("owner-home");
  const user = await signUp(home);
  const first = await login(user.username, user.password, home);
  expect(first.status, first.text).toBe(200);
  const device = issuedCookies(first).authlab_device ?? "";
  expect(device).not.toBe("");
  // An attacker behind the owner's own address (same NAT) plus 11 others: past the account's ceiling.
  await botnet(user.username, 11, [{ ip: home.ip, ua: "authlab-security/same-nat" }]);
  // Strangers are held: a new client, even with the right password.
  expect(scopeOf(await login(user.username, user.password, newClient("new-phone")))).toBe("account");
  // The owner's browser, from home and while travelling: its own allowance.
  for (const where of [home, newClient("owner-travelling")]) {
    const res = await login(user.username, user.password, where, { authlab_device: device });
    expect(res.status, res.text).toBe(200);
  }
});

test("(c) the attacker's own client gets 429 + Retry-After, waits that grow, and a 429 never resets or extends them", async () => {
  test.setTimeout(120_000);
  const user = await signUp(newClient("owner"));
  const attacker = newClient("attacker");
  for (let i = 0; i < FREE_FAILURES; i += 1) expectRefused(await login(user.username, `wrong-${i}`, attacker), 401, "invalid_credentials");
  const first = retryAfter(
    await withoutRowChanges({ userIds: [user.id], client: attacker }, () => login(user.username, user.password, attacker)),
  );
  expect(first).toBeGreaterThanOrEqual(25);
  expect(first).toBeLessThanOrEqual(30);
  // Hammering while held changes nothing: the wait counts down, it does not grow.
  const again = retryAfter(await login(user.username, "wrong-again", attacker));
  expect(again).toBeLessThanOrEqual(first);
  // An unknown name is held exactly the same way (no enumeration by throttling).
  const ghost = uniqueName("ghost");
  const ghostClient = newClient("ghost");
  for (let i = 0; i < FREE_FAILURES; i += 1) await login(ghost, `wrong-${i}`, ghostClient);
  const ghostHeld = await login(ghost, "anything", ghostClient);
  expect(retryAfter(ghostHeld)).toBeGreaterThanOrEqual(25);
  expect(scopeOf(ghostHeld)).toBe(scopeOf(await login(user.username, "x", attacker)));
  // After the wait, one more failure doubles it.
  await new Promise((r) => setTimeout(r, (again + 1) * 1000));
  expectRefused(await login(user.username, "wrong-6", attacker), 401, "invalid_credentials");
  const second = retryAfter(await login(user.username, user.password, attacker));
  expect(second).toBeGreaterThan(first);
  expect(second).toBeGreaterThanOrEqual(55);
  expect(second).toBeLessThanOrEqual(60);
});

test("(c') 30 parallel guesses from one client: only 5 reach the password check, the rest 429", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const attacker = newClient("parallel");
  const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => login(user.username, `burst-${i}`, attacker)));
  const statuses = replies.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 401)).toHaveLength(FREE_FAILURES);
  expect(statuses.filter((s) => s === 429)).toHaveLength(30 - FREE_FAILURES);
  const failed = queryDb<{ n: number | null }>(
    DB_FILE,
    "SELECT sum(repeat_count) AS n FROM auth_events WHERE ip = ? AND type = 'login_failed'",
    attacker.ip,
  );
  expect(failed[0]?.n).toBe(FREE_FAILURES);
  expect((await login(user.username, user.password, owner)).status).toBe(200);
});

test("(d) 500 cookieless refreshes and 40 failed logins from one client add a few auth_events rows; the owner's login stays visible", async () => {
  test.setTimeout(120_000);
  const owner = newClient("owner");
  const user = await signUp(owner);
  const jar = await logIn(user, "session", owner);
  const attacker = newClient("flood");
  for (let i = 0; i < 500; i += 1) {
    const res = await call("/api/auth/refresh", { method: "POST", client: attacker });
    expect(res.status).toBe(401);
  }
  for (let i = 0; i < 40; i += 1) await login(user.username, `flood-${i}`, attacker);
  const rows = queryDb<{ type: string; repeat_count: number }>(
    DB_FILE,
    "SELECT type, repeat_count FROM auth_events WHERE ip = ? ORDER BY id",
    attacker.ip,
  );
  expect(rows.length).toBeLessThanOrEqual(3);
  const total = (type: string) => rows.filter((r) => r.type === type).reduce((n, r) => n + r.repeat_count, 0);
  expect(total("refresh_failed")).toBe(500);
  expect(total("login_failed") + total("rate_limited")).toBe(40);
  const res = await call("/api/me/events", { client: owner, cookies: jar });
  expect(res.status, res.text).toBe(200);
  const events = res.body.events as Array<{ type: string; count: number }>;
  expect(events.map((e) => e.type)).toContain("login");
  expect(events.length).toBeLessThanOrEqual(4); // signup, login and the two folded runs
});

test("(e) the device cookie is HttpOnly, Path=/api/auth, SameSite=Lax, no credential; a forged or tampered one earns nothing", async () => {
  const home = newClient("owner");
  const user = await signUp(home);
  const first = await login(user.username, user.password, home);
  expect(first.status).toBe(200);
  const line = first.setCookies.find((l) => l.startsWith("authlab_device=")) ?? "";
  const attrs = line
    .split(";")
    .slice(1)
    .map((a) => a.trim().toLowerCase());
  expect(attrs).toContain("httponly");
  expect(attrs).toContain("path=/api/auth");
  expect(attrs).toContain("samesite=lax");
  expect(attrs.some((a) => a.startsWith("max-age="))).toBe(true);
  const device = issuedCookies(first).authlab_device ?? "";
  // Not a credential: on its own it logs nobody in.
  const me = await call("/api/me", { client: home, cookies: { authlab_device: device } });
  expect(me.status).toBe(401);

  // The attacker's own account gives it a genuine device cookie, bound to that account.
  const mallory = newClient("mallory");
  const theirs = await signUp(mallory);
  const own = issuedCookies(await login(theirs.username, theirs.password, mallory)).authlab_device ?? "";
  expect(own).not.toBe("");

  await botnet(user.username, ACCOUNT_CEILING / FREE_FAILURES);
  const [payload = "", mac = ""] = device.split(".");
  const [theirPayload = "", theirMac = ""] = own.split(".");
  const swapped = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(theirPayload, "base64url").toString()), u: user.username }));
  const forgeries: Record<string, string> = {
    "MAC flipped": `${payload}.${mac.slice(0, -2)}${mac.endsWith("AA") ? "BB" : "AA"}`,
    "no MAC": payload,
    "another account's genuine cookie": own,
    "another account's cookie renamed to this one": `${swapped.toString("base64url")}.${theirMac}`,
    garbage: "x".repeat(40),
  };
  for (const [what, forged] of Object.entries(forgeries)) {
    const res = await withoutRowChanges({ userIds: [user.id] }, () =>
      login(user.username, user.password, newClient("forger"), { authlab_device: forged }),
    );
    expect(res.status, what).toBe(429);
    expect(scopeOf(res), what).toBe("account");
    retryAfter(res);
  }
  const genuine = await login(user.username, user.password, newClient("owner-travelling"), { authlab_device: device });
  expect(genuine.status, genuine.text).toBe(200);
});
