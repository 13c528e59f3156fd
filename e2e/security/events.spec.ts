import { expect, test } from "@playwright/test";
import { call, DB_FILE, logIn, newClient, queryDb, signUp } from "./support";

// What an anonymous client can make the server write (OWASP Logging cheat sheet: protect
// the log from flooding; docs/decisions/031-login-lockout.md). Cheap failures fold into
// one auth_events row with a count, so a flood cannot push the owner's events out of view.

test.describe.configure({ mode: "parallel" });

test("500 cookieless refreshes from one client add one auth_events row, not 500", async () => {
  const attacker = newClient("flood");
  for (let i = 0; i < 500; i += 1) {
    const res = await call("/api/auth/refresh", { method: "POST", client: attacker });
    expect(res.status).toBe(401);
  }
  const rows = queryDb<{ type: string; repeat_count: number }>(
    DB_FILE,
    "SELECT type, repeat_count FROM auth_events WHERE ip = ? ORDER BY id",
    attacker.ip,
  );
  expect(rows).toEqual([{ type: "refresh_failed", repeat_count: 500 }]);
});

test("a flood of failed logins on an account leaves the owner's own login visible in GET /api/me/events", async () => {
  const owner = newClient("owner");
  const user = await signUp(owner);
  const jar = await logIn(user, "session", owner);
  const attacker = newClient("flood");
  for (let i = 0; i < 60; i += 1)
    await call("/api/auth/login", { client: attacker, json: { username: user.username, password: `x-${i}` } });
  const res = await call("/api/me/events", { client: owner, cookies: jar });
  expect(res.status).toBe(200);
  const events = res.body.events as Array<{ type: string; count: number }>;
  expect(events.map((e) => e.type)).toContain("login");
  const failed = events.filter((e) => e.type === "login_failed");
  const limited = events.filter((e) => e.type === "rate_limited");
  expect(failed).toHaveLength(1);
  expect(limited).toHaveLength(1);
  expect((failed[0]?.count ?? 0) + (limited[0]?.count ?? 0)).toBe(60);
  expect(events.length).toBeLessThanOrEqual(4); // signup, login, and the two folded runs
});
