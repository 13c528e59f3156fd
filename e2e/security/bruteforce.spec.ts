import { expect, test } from "@playwright/test";
import { call, expectRefused, newClient, type Reply, signUp, uniqueName, withoutRowChanges } from "./support";

// Login brute force (OWASP Authentication Cheat Sheet, "Login Throttling" and
// "Authentication and Error Messages"): 5 failures per account and 50 per client IP in
// 15 minutes, then 429 with Retry-After; an unknown account and a wrong password look
// exactly alike. Timing is covered by e2e/security/timing.spec.ts.

test.describe.configure({ mode: "parallel" });

const ACCOUNT_LIMIT = 5;
const IP_LIMIT = 50;
const WINDOW_S = 15 * 60;

const login = (username: string, password: string, client = newClient("brute")) =>
  call("/api/auth/login", { client, json: { username, password, mode: "session" } });

function expectRateLimited(res: Reply): void {
  expectRefused(res, 429, "rate_limited");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
}

test("per account: after 5 failures the 6th attempt gets 429 + Retry-After, even with the right password", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  for (let i = 0; i < ACCOUNT_LIMIT; i += 1) {
    // A different source address each time: the account limit does not depend on the IP.
    expectRefused(await login(user.username, `wrong-${i}`), 401, "invalid_credentials");
  }
  const res = await withoutRowChanges({ userIds: [user.id], client: owner }, () => login(user.username, user.password, owner));
  expectRateLimited(res);
});

test("per account: the limit also holds when the name is written differently (ＵＰＰＥＲ／full-width)", async () => {
  const user = await signUp(newClient("owner"), uniqueName("case"));
  for (let i = 0; i < ACCOUNT_LIMIT; i += 1)
    expectRefused(await login(user.username.toUpperCase(), `wrong-${i}`), 401, "invalid_credentials");
  const fullWidth = [...user.username].map((ch) => (ch >= "!" && ch <= "~" ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join("");
  const attacker = newClient("brute");
  const res = await withoutRowChanges({ userIds: [user.id], client: attacker }, () => login(fullWidth, user.password, attacker));
  expectRateLimited(res);
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
  expectRateLimited(res);
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

test("no enumeration by lockout: an unknown account locks out after 5 failures exactly like a real one", async () => {
  const ghost = uniqueName("ghost");
  for (let i = 0; i < ACCOUNT_LIMIT; i += 1) expectRefused(await login(ghost, `wrong-${i}`), 401, "invalid_credentials");
  const attacker = newClient("brute");
  const res = await withoutRowChanges({ client: attacker, usernames: [ghost] }, () => login(ghost, "anything", attacker));
  expectRateLimited(res);
});

test("a correct login clears the account's failures (a user who mistypes is not slowed for long)", async () => {
  const client = newClient("typo");
  const user = await signUp(client);
  for (let i = 0; i < ACCOUNT_LIMIT - 1; i += 1) expectRefused(await login(user.username, `typo-${i}`, client), 401, "invalid_credentials");
  expect((await login(user.username, user.password, client)).status).toBe(200);
  for (let i = 0; i < ACCOUNT_LIMIT - 1; i += 1)
    expectRefused(await login(user.username, `typo-again-${i}`, client), 401, "invalid_credentials");
  expect((await login(user.username, user.password, client)).status).toBe(200);
});
