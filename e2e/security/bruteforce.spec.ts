import { expect, test } from "@playwright/test";
import { call, expectRefused, issuedCookies, newClient, type Reply, signUp, uniqueName, withoutRowChanges } from "./support";

// Login brute force (OWASP Authentication Cheat Sheet, "Login Throttling", "Account
// Lockout" and "Authentication and Error Messages"; docs/decisions/031-login-lockout.md):
// per account AND client, 5 failures then a delay that doubles (30 s, 60 s… 15 min); per
// account across clients without a device cookie, a ceiling of 30; per client, 50 across
// accounts. A stranger slows only itself: the owner from another address, or from a
// browser that logged in before (the device cookie), still logs in. An unknown account
// and a wrong password look exactly alike. Timing is covered by timing.spec.ts.

test.describe.configure({ mode: "parallel" });

const FREE_FAILURES = 5;
const ACCOUNT_CEILING = 30;
const IP_LIMIT = 50;
const WINDOW_S = 15 * 60;

const login = (username: string, password: string, client = newClient("brute"), cookies?: Record<string, string>) =>
  call("/api/auth/login", { client, cookies, json: { username, password, mode: "session" } });

/** The 429 also says which allowance ran out (error.details.scope), for the login page to explain. */
function expectRateLimited(res: Reply, maxWait = WINDOW_S, scope?: "account_client" | "device" | "account" | "network"): void {
  expectRefused(res, 429, "rate_limited");
  if (scope) expect((res.body.error as { details?: { scope?: string } }).details?.scope).toBe(scope);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxWait);
}

test("per account and client: after 5 failures the 6th attempt from that client waits (~30 s), even with the right password", async () => {
  const attacker = newClient("brute");
  const user = await signUp(newClient("owner"));
  for (let i = 0; i < FREE_FAILURES; i += 1) expectRefused(await login(user.username, `wrong-${i}`, attacker), 401, "invalid_credentials");
  const res = await withoutRowChanges({ userIds: [user.id], client: attacker }, () => login(user.username, user.password, attacker));
  expectRateLimited(res, 30, "account_client");
});

test("the owner is not locked out by a stranger: the attacker waits, the owner from elsewhere logs in", async () => {
  const attacker = newClient("brute");
  const user = await signUp(newClient("owner"));
  for (let i = 0; i < FREE_FAILURES + 3; i += 1) await login(user.username, `wrong-${i}`, attacker);
  expectRateLimited(await login(user.username, user.password, attacker));
  const owner = await login(user.username, user.password, newClient("owner-elsewhere"));
  expect(owner.status, owner.text).toBe(200);
});

test("a botnet past the account's ceiling holds new clients, but not a browser that logged in before (device cookie)", async () => {
  const ownerClient = newClient("owner");
  const user = await signUp(ownerClient);
  const first = await login(user.username, user.password, ownerClient);
  expect(first.status).toBe(200);
  const device = issuedCookies(first).authlab_device;
  expect(device, "a device cookie after a successful login").toBeTruthy();
  const line = first.setCookies.find((l) => l.startsWith("authlab_device="))?.toLowerCase() ?? "";
  expect(line).toContain("httponly");
  expect(line).toContain("path=/api/auth");
  expect(line).toContain("samesite=lax");
  for (let bot = 0; bot < ACCOUNT_CEILING / FREE_FAILURES; bot += 1) {
    const client = newClient(`bot-${bot}`);
    for (let i = 0; i < FREE_FAILURES; i += 1) await login(user.username, `guess-${bot}-${i}`, client);
  }
  // A new client without the device cookie: held by the ceiling.
  expectRateLimited(
    await withoutRowChanges({ userIds: [user.id] }, () => login(user.username, user.password, newClient("new-phone"))),
    WINDOW_S,
    "account",
  );
  // The owner's known browser, even from a new address: its own allowance.
  const known = await login(user.username, user.password, newClient("owner-travelling"), { authlab_device: device ?? "" });
  expect(known.status, known.text).toBe(200);
  // A tampered device cookie is no device cookie.
  const forged = `${(device ?? "").slice(0, -3)}AAA`;
  expectRateLimited(await login(user.username, user.password, newClient("forger"), { authlab_device: forged }), WINDOW_S, "account");
});

test("per account and client: the limit also holds when the name is written differently (ＵＰＰＥＲ／full-width)", async () => {
  const attacker = newClient("brute");
  const user = await signUp(newClient("owner"), uniqueName("case"));
  for (let i = 0; i < FREE_FAILURES; i += 1)
    expectRefused(await login(user.username.toUpperCase(), `wrong-${i}`, attacker), 401, "invalid_credentials");
  const fullWidth = [...user.username].map((ch) => (ch >= "!" && ch <= "~" ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join("");
  const res = await withoutRowChanges({ userIds: [user.id], client: attacker }, () => login(fullWidth, user.password, attacker));
  expectRateLimited(res, 30);
});

test("per IP: 50 failures across different accounts, then a 51st account from that IP gets 429 + Retry-After", async () => {
  const attacker = newClient("spray");
  const victims = await Promise.all([signUp(newClient("owner")), signUp(newClient("owner"))]);
  for (let i = 0; i < IP_LIMIT; i += 1) {
    expectRefused(await login(uniqueName("spray"), "Winter2025!", attacker), 401, "invalid_credentials");
  }
  const victim = victims[0];
  if (!victim) throw new Error("no victim");
  const res = await withoutRowChanges({ userIds: [victim.id], client: attacker }, () => login(victim.username, victim.password, attacker));
  expectRateLimited(res, WINDOW_S, "network");
  // Another address is not affected: the limit is per IP, not global.
  const other = victims[1];
  if (!other) throw new Error("no second victim");
  const ok = await login(other.username, other.password, newClient("elsewhere"));
  expect(ok.status, ok.text).toBe(200);
});

test("no enumeration by message: unknown account and wrong password get the same status, code, message and headers", async () => {
  const user = await signUp(newClient("owner"));
  const attacker = newClient("enum");
  const unknown = await withoutRowChanges({ client: attacker }, () => login(uniqueName("nobody"), "some-password", attacker));
  const wrong = await withoutRowChanges({ userIds: [user.id], client: attacker }, () => login(user.username, "some-password", attacker));
  expectRefused(unknown, 401, "invalid_credentials");
  expectRefused(wrong, 401, "invalid_credentials");
  expect(unknown.text).toBe(wrong.text);
  const shape = (r: Reply) => [...r.headers.keys()].filter((k) => !["date", "x-authlab-trace"].includes(k)).sort();
  expect(shape(unknown)).toEqual(shape(wrong));
});

test("no enumeration by lockout: an unknown account is throttled after 5 failures exactly like a real one", async () => {
  const ghost = uniqueName("ghost");
  const attacker = newClient("brute");
  for (let i = 0; i < FREE_FAILURES; i += 1) expectRefused(await login(ghost, `wrong-${i}`, attacker), 401, "invalid_credentials");
  const res = await withoutRowChanges({ client: attacker, usernames: [ghost] }, () => login(ghost, "anything", attacker));
  expectRateLimited(res, 30, "account_client");
});

test("a correct login clears the account's failures (a user who mistypes is not slowed for long)", async () => {
  const client = newClient("typo");
  const user = await signUp(client);
  for (let i = 0; i < FREE_FAILURES - 1; i += 1) expectRefused(await login(user.username, `typo-${i}`, client), 401, "invalid_credentials");
  expect((await login(user.username, user.password, client)).status).toBe(200);
  for (let i = 0; i < FREE_FAILURES - 1; i += 1)
    expectRefused(await login(user.username, `typo-again-${i}`, client), 401, "invalid_credentials");
  expect((await login(user.username, user.password, client)).status).toBe(200);
});
